using System.Text;
using Tracker.Domain.Import.Runs;
using Tracker.Domain.Import.Wandb;

namespace Tracker.Cli.Tests.Import;

/// <summary>The W&amp;B history reader and config flattening on files shaped like pandas writes them.</summary>
public sealed class WandbHistoryCsvTests
{
    [Fact]
    public void The_global_step_is_the_step_when_present_and_rows_of_a_step_merge()
    {
        var csv = "_step,_runtime,_timestamp,train/global_step,train/reward,eval/pass@1\n"
            + "0,1,1700000000,10,0.2,\n"
            + "1,2,1700000001.5,10,,0.4\n"
            + "2,3,1700000002,20,0.3,\n";

        var run = Assert.Single(Parse(csv).Runs);

        Assert.Equal([10L, 20], run.Steps.Select(s => s.Step));
        Assert.Equal(new Dictionary<string, double> { ["train/reward"] = 0.2, ["eval/pass@1"] = 0.4 }, run.Steps[0].Metrics);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1700000001500), run.Steps[0].Time);
    }

    [Fact]
    public void A_named_step_column_wins_and_text_and_infinite_cells_are_left_out_with_notes()
    {
        var csv = "_step,train/global_step,loss,table\n0,5,inf,\"{\"\"_type\"\": \"\"table-file\"\"}\"\n1,6,0.5,\n";

        var file = Parse(csv, stepColumn: "_step");

        Assert.True(file.IsValid, string.Join("; ", file.Errors));
        var run = Assert.Single(file.Runs);
        Assert.Equal([0L, 1], run.Steps.Select(s => s.Step));
        Assert.Equal(5, run.Steps[0].Metrics["train/global_step"]);
        Assert.False(run.Steps[0].Metrics.ContainsKey("loss"));
        Assert.Contains("1 infinite metric value was left out: Tracker stores finite numbers only", file.Notes);
        Assert.Contains("text cells left out (not numbers) in table", file.Notes);
    }

    [Fact]
    public void Every_bad_row_is_listed_with_its_line()
    {
        var file = Parse("_step,x\n0,1\nx,2\n3\n-1,4\n");

        Assert.Equal(["line 3, _step", "line 4", "line 5, _step"], file.Errors.Select(e => e.Field));
        Assert.Equal(3, file.ErrorCount);
    }

    [Fact]
    public void A_config_in_config_yaml_form_flattens_to_dotted_names_without_wandb_internals()
    {
        var errors = new ImportErrors();
        var json = """
            {"_wandb": {"value": {"t": 1}}, "actor_rollout_ref": {"desc": null, "value": {"model": {"path": "Qwen/Qwen2.5-3B"}}},
             "data": {"train_batch_size": 256, "files": ["a", "b"]}, "flag": true, "none": null}
            """;

        var flat = WandbConfig.Flatten(Encoding.UTF8.GetBytes(json), errors);

        Assert.Equal(0, errors.Count);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["actor_rollout_ref.model.path"] = "Qwen/Qwen2.5-3B",
                ["data.train_batch_size"] = "256",
                ["data.files.0"] = "a",
                ["data.files.1"] = "b",
                ["flag"] = "true",
                ["none"] = "",
            },
            flat);
    }

    private static SourceFile Parse(string csv, string? stepColumn = null) =>
        WandbHistoryCsv.Parse(new StringReader(csv), "run", new Dictionary<string, string>(), stepColumn);
}
