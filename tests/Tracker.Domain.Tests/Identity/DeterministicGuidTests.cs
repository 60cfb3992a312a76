using CsCheck;
using Tracker.Domain.Identity;

namespace Tracker.Domain.Tests.Identity;

public sealed class DeterministicGuidTests
{
    // Computed independently (Python hashlib/uuid) from the documented layout: SHA-1 of "scope\u001fname",
    // first 16 bytes, version nibble 5, RFC variant. Ids are persisted as stream ids: they must never drift.
    [Theory]
    [InlineData("study", "rl-scaling", "98c43365-a110-5895-9c1f-79407130bbe7")]
    [InlineData("study", "é ✓", "02e2a342-5318-5e98-94df-2fc25b849e54")]
    public void GivenAScopeAndName_WhenCreating_ThenTheIdIsTheKnownOne(string scope, string name, string expected) =>
        Assert.Equal(Guid.Parse(expected), DeterministicGuid.Create(scope, name));

    [Fact]
    public void GivenAStudyAndRunName_WhenDerivingIds_ThenTheyAreTheKnownOnes()
    {
        Assert.Equal(Guid.Parse("98c43365-a110-5895-9c1f-79407130bbe7"), DeterministicGuid.ForStudy("rl-scaling"));
        Assert.Equal(Guid.Parse("1668db6b-8b57-51a2-9bd5-6f71bb501def"), DeterministicGuid.ForRun("rl-scaling", "qwen2.5-7b-grpo-seed1"));
    }

    [Fact]
    public void AnyNameGivesTheSameVersion5IdEveryTime()
    {
        Gen.Select(Gen.String, Gen.String).Sample((scope, name) =>
        {
            var id = DeterministicGuid.Create(scope, name);

            Assert.Equal(id, DeterministicGuid.Create(new string(scope.ToCharArray()), new string(name.ToCharArray())));
            var text = id.ToString("D");
            Assert.Equal('5', text[14]);
            Assert.Contains(text[19], "89ab");
            Assert.Equal(5, id.Version);
        });
    }

    [Fact]
    public void DistinctNamesGiveDistinctIds()
    {
        Gen.String[0, 30].ArrayUnique[2, 200].Sample(names =>
        {
            Assert.Equal(names.Length, names.Select(n => DeterministicGuid.ForStudy(n)).Distinct().Count());
            Assert.Equal(names.Length, names.Select(n => DeterministicGuid.Create("run", n)).Distinct().Count());
        });
    }

    [Fact]
    public void DistinctStudyAndRunNamePairsGiveDistinctRunIds()
    {
        // Names never hold control characters (the validator rejects them), so '\n' cannot blur study and name.
        var name = Gen.String[0, 12].Where(s => !s.Contains('\n', StringComparison.Ordinal));
        Gen.Select(name, name).ArrayUnique[2, 100].Sample(pairs =>
            Assert.Equal(pairs.Length, pairs.Select(p => DeterministicGuid.ForRun(p.Item1, p.Item2)).Distinct().Count()));
    }

    [Fact]
    public void TheScopeSeparatesIdsOfTheSameName()
    {
        Gen.String.Sample(n =>
        {
            Assert.NotEqual(DeterministicGuid.ForStudy(n), DeterministicGuid.Create("run", n));
            Assert.NotEqual(DeterministicGuid.ForStudy(n), DeterministicGuid.ForRun(n, ""));
        });
    }
}
