using System.Text;
using Tracker.Contracts.Audit;
using Tracker.Domain.Audit;

namespace Tracker.Server.Tests.Audit;

public sealed class CanonicalJsonTests
{
    [Theory]
    [InlineData("1000", "1e3")]
    [InlineData("1000.0", "1e3")]
    [InlineData("1e3", "1e3")]
    [InlineData("1E+3", "1e3")]
    [InlineData("0.25", "25e-2")]
    [InlineData("-12.50", "-125e-1")]
    [InlineData("0", "0")]
    [InlineData("-0.0", "0")]
    [InlineData("4200000", "42e5")]
    [InlineData("1.5E+25", "15e24")]
    [InlineData("15000000000000000000000000", "15e24")]
    [InlineData("7", "7")]
    public void Numbers_have_one_exact_form(string raw, string canonical) => Assert.Equal(canonical, CanonicalJson.Number(raw));

    [Fact]
    public void Member_order_whitespace_and_escapes_do_not_matter_but_values_do()
    {
        var a = Encoding.UTF8.GetString(CanonicalJson.ToBytes("""{"b": [1, 2.0, {"y": null, "x": "\u00e9"}], "a": true}"""));
        var b = Encoding.UTF8.GetString(CanonicalJson.ToBytes("""{"a":true,"b":[1e0,2,{"x":"é","y":null}]}"""));
        Assert.Equal("""{"a":true,"b":[1,2,{"x":"é","y":null}]}""", a);
        Assert.Equal(a, b);
        Assert.NotEqual(a, Encoding.UTF8.GetString(CanonicalJson.ToBytes("""{"a":true,"b":[1,2,{"x":"e","y":null}]}""")));
    }

    private static readonly DateTimeOffset At = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void An_events_hash_covers_its_position_type_data_metadata_and_predecessor()
    {
        var stream = Guid.Parse("6f1c1f7e-7a55-4c1e-9d59-1c2f36b0a6d1");
        var meta = new AuditMetadata("c", "k", "u", new Dictionary<string, string> { ["client"] = "x", ["host"] = "h" });
        var hash = EventHash.Compute(null, stream, 1, "steps_logged", At, """{"a":1}""", meta);
        Assert.Equal(64, hash.Length);
        Assert.Equal(hash, EventHash.Compute(null, stream, 1, "steps_logged", At, """{ "a" : 1.0 }""",
            new AuditMetadata("c", "k", "u", new Dictionary<string, string> { ["host"] = "h", ["client"] = "x", ["hash"] = "ignored" })));
        Assert.NotEqual(hash, EventHash.Compute("00", stream, 1, "steps_logged", At, """{"a":1}""", meta));
        Assert.NotEqual(hash, EventHash.Compute(null, stream, 2, "steps_logged", At, """{"a":1}""", meta));
        Assert.NotEqual(hash, EventHash.Compute(null, stream, 1, "run_finished", At, """{"a":1}""", meta));
        Assert.NotEqual(hash, EventHash.Compute(null, stream, 1, "steps_logged", At, """{"a":2}""", meta));
        Assert.NotEqual(hash, EventHash.Compute(null, stream, 1, "steps_logged", At.AddTicks(10), """{"a":1}""", meta));
        Assert.Equal(hash, EventHash.Compute(null, stream, 1, "steps_logged", At.AddTicks(9), """{"a":1}""", meta)); // below the store's precision
        Assert.NotEqual(hash, EventHash.Compute(null, stream, 1, "steps_logged", At, """{"a":1}""", meta with { User = "v" }));
        Assert.NotEqual(hash, EventHash.Compute(null, stream, 1, "steps_logged", At, """{"a":1}""", meta with { Headers = new Dictionary<string, string> { ["client"] = "y", ["host"] = "h" } }));

        var heads = new[] { new StreamHeadView(stream, 1, hash), new StreamHeadView(Guid.Empty, 3, "ab") };
        Assert.Equal(EventHash.Anchor(heads), EventHash.Anchor(heads.Reverse()));
        Assert.NotEqual(EventHash.Anchor(heads), EventHash.Anchor([heads[0]]));
    }

    [Fact]
    public void A_large_events_hash_is_the_one_stored_chains_already_carry()
    {
        // Pinned: stored chains were hashed with this scheme, so any rewrite of the hashing (buffering, streaming)
        // must give the same bytes. The data spans many 4 KiB writer flushes, numbers of every form, an escape.
        var steps = string.Join(",", Enumerable.Range(0, 2_000).Select(i =>
            $$$"""{"step":{{{i}}},"reward":{{{(i * 0.37).ToString("R", System.Globalization.CultureInfo.InvariantCulture)}}},"tokens":4.2E6,"metrics":{"z/\u00e9":{{{i}}}e-3,"a":-0.0{{{i % 7}}}}}"""));
        var data = $$"""{"runId":"6f1c1f7e-7a55-4c1e-9d59-1c2f36b0a6d1","steps":[{{steps}}]}""";
        var meta = new AuditMetadata("c", null, "u", new Dictionary<string, string> { ["host"] = "h", ["client"] = "x", ["hash"] = "ignored" });
        var hash = EventHash.Compute("ab", Guid.Parse("6f1c1f7e-7a55-4c1e-9d59-1c2f36b0a6d1"), 7, "steps_logged", At, data, meta);
        Assert.Equal("e42fb1046a77895f88537240a5565e873732c2908d9292a5c9e6665ee0fa9663", hash);
    }

    [Fact]
    public void An_object_with_many_members_is_sorted_whole()
    {
        // More members than the writer's first pooled array holds: the members must survive its growth.
        var names = Enumerable.Range(0, 40).Select(i => $"k{i:D2}").ToList();
        var json = "{" + string.Join(",", Enumerable.Reverse(names).Select(n => $"\"{n}\":{{\"z\":1,\"a\":2}}")) + "}";
        var expected = "{" + string.Join(",", names.Select(n => $"\"{n}\":{{\"a\":2,\"z\":1}}")) + "}";
        Assert.Equal(expected, Encoding.UTF8.GetString(CanonicalJson.ToBytes(json)));
    }
}
