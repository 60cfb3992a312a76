using Tracker.Domain.Import;

namespace Tracker.Cli.Tests.Import;

/// <summary>The paper CSV parser on files shaped like those of the paper's extract_csv.py.</summary>
public sealed class PaperCsvTests
{
    // The paper's column order (science.md §2), trimmed to a few evaluation columns.
    private const string Header =
        "model_size,model_params,data_sample_size,experiment_name,experiment_id,runid,slice_factor,rollout_n,step,"
        + "val/test_score/math__math,overall_pass1,response_length,tokens,step_flops,critic_rewards_mean,holdout_score,"
        + "cumulative_tokens,cumulative_flops";

    private static string Row(string size, string n, string runId, int tau, long step, double tokens, double holdout, string experiment = "qwen-exp1") =>
        $"{size},{n},,{experiment},exp-1,{runId},{tau},,{step},0.41,0.38,812.5,{tokens},{6 * double.Parse(n, System.Globalization.CultureInfo.InvariantCulture) * tokens:R},0.38,{holdout},{tokens * 2},{tokens * 3}";

    private static string File(params string[] rows) => Header + "\n" + string.Join("\n", rows) + "\n";

    [Fact]
    public void A_good_file_gives_one_run_per_size_run_and_tau_with_its_steps_in_order()
    {
        var csv = File(
            Row("7B", "7000000000.0", "run0", 0, 0, 0, 0.21),
            Row("7B", "7000000000.0", "run0", 0, 2, 4.6e6, 0.27),
            Row("7B", "7000000000.0", "run0", 0, 1, 4.5e6, 0.25),
            Row("0.5B", "500000000", "run1", 0, 1, 4.4e6, 0.05),
            Row("7B", "7e9", "run0", 100, 1, 4.5e6, 0.26));

        var file = PaperCsv.Parse(csv);

        Assert.True(file.IsValid, string.Join("; ", file.Errors));
        Assert.Equal(5, file.Rows);
        Assert.Equal(0, file.SupersededRows);
        Assert.Equal(["paper-0.5B-run1", "paper-7B-run0", "paper-7B-run0-tau100"], file.Runs.Select(r => r.Name));
        var run = file.Runs[1];
        Assert.Equal(7e9, run.ModelParams);
        Assert.Equal(0, run.SliceFactor);
        Assert.Equal([0L, 1, 2], run.Rows.Select(r => r.Step));
        Assert.Equal([0, 4.5e6, 4.6e6], run.Rows.Select(r => r.Tokens));
        Assert.Equal([0.21, 0.25, 0.27], run.Rows.Select(r => r.HoldoutScore));
        Assert.Equal(6 * 7e9 * 4.5e6, run.Rows[1].StepFlops!.Value, 1e-9 * 6 * 7e9 * 4.5e6);
        Assert.Equal(4, run.Rows[1].Line);
        Assert.Equal("qwen-exp1", run.Rows[0].ExperimentName);
        Assert.Null(run.Rows[0].RolloutN);
        Assert.Equal(100, file.Runs[2].SliceFactor);
    }

    [Fact]
    public void Uninterpreted_numeric_columns_become_metrics_and_cumulative_and_label_columns_do_not()
    {
        var file = PaperCsv.Parse(File(Row("7B", "7e9", "run0", 0, 1, 4.5e6, 0.25)));

        var metrics = Assert.Single(Assert.Single(file.Runs).Rows).Metrics;
        Assert.Equal(
            new Dictionary<string, double>
            {
                ["val/test_score/math__math"] = 0.41,
                ["overall_pass1"] = 0.38,
                ["response_length"] = 812.5,
                ["critic_rewards_mean"] = 0.38,
            },
            metrics);
    }

    [Fact]
    public void Columns_are_found_by_name_in_any_order_and_extra_columns_are_tolerated()
    {
        var csv = ",holdout_score,notes,step,tokens,runid,model_params,my_metric\n"
            + "0,0.30,hello world,1,100,r,1.5e9,2.5\n"
            + "1,0.32,,2,110,r,1.5e9,oops\n";

        var file = PaperCsv.Parse(csv);

        Assert.True(file.IsValid, string.Join("; ", file.Errors));
        var run = Assert.Single(file.Runs);
        Assert.Equal("paper-1.5B-r", run.Name);
        Assert.Equal(0, run.SliceFactor);
        Assert.Null(run.Rows[0].StepFlops);
        Assert.Equal(new Dictionary<string, double> { ["my_metric"] = 2.5 }, run.Rows[0].Metrics);
        Assert.Empty(run.Rows[1].Metrics);
    }

    [Fact]
    public void A_repeated_step_keeps_the_last_row_as_the_paper_does()
    {
        var csv = File(
            Row("7B", "7e9", "run0", 0, 1, 100, 0.20),
            Row("7B", "7e9", "run0", 0, 2, 100, 0.22),
            Row("7B", "7e9", "run0", 0, 1, 150, 0.25),
            Row("7B", "7e9", "run0", 5, 1, 120, 0.30));

        var file = PaperCsv.Parse(csv);

        Assert.True(file.IsValid);
        Assert.Equal(4, file.Rows);
        Assert.Equal(1, file.SupersededRows);
        var run = file.Runs.Single(r => r.SliceFactor == 0);
        Assert.Equal([1L, 2], run.Rows.Select(r => r.Step));
        Assert.Equal(150, run.Rows[0].Tokens);
        Assert.Equal(0.25, run.Rows[0].HoldoutScore);
        Assert.Equal(4, run.Rows[0].Line);
        Assert.Equal(0.30, file.Runs.Single(r => r.SliceFactor == 5).Rows[0].HoldoutScore);
    }

    [Fact]
    public void Crlf_line_ends_a_byte_order_mark_blank_lines_and_quoted_fields_are_read()
    {
        var csv = "\uFEFFmodel_params,runid,step,tokens,holdout_score,experiment_name\r\n"
            + "7e9,run0,1,100,0.2,\"exp, with comma\"\r\n"
            + "\r\n"
            + "7e9,run0,2,100,0.3,\"say \"\"hi\"\"\nacross lines\"\r\n";

        var file = PaperCsv.Parse(csv);

        Assert.True(file.IsValid, string.Join("; ", file.Errors));
        var rows = Assert.Single(file.Runs).Rows;
        Assert.Equal("exp, with comma", rows[0].ExperimentName);
        Assert.Equal("say \"hi\"\nacross lines", rows[1].ExperimentName);
        Assert.Equal([2, 4], rows.Select(r => r.Line));
    }

    [Fact]
    public void Rollout_counts_are_read_as_numbers_or_as_the_papers_rho_labels()
    {
        var csv = "model_params,runid,step,tokens,holdout_score,rollout_n\n7e9,a,1,1,0.1,rho16\n7e9,b,1,1,0.1,4\n7e9,c,1,1,0.1,None\n";

        var file = PaperCsv.Parse(csv);

        Assert.Equal([16, 4, (int?)null], file.Runs.Select(r => r.Rows[0].RolloutN));
    }

    private const string Small = "model_params,runid,slice_factor,step,tokens,step_flops,holdout_score,rollout_n";

    public static TheoryData<string, int, string?, string> Malformed => new()
    {
        { Small + "\n7e9,r,0,1,100,,0.2,\n7e9,r,0,2,abc,,0.2,\n", 3, "tokens", "'abc' is not a number" },
        { Small + "\n7e9,r,0,1,100,,,\n", 2, "holdout_score", "is empty" },
        { Small + "\n7e9,r,0,1,100,,1.5,\n", 2, "holdout_score", "[0, 1]" },
        { Small + "\n7e9,r,0,1,100,,-0.1,\n", 2, "holdout_score", "[0, 1]" },
        { Small + "\n7e9,r,0,-1,100,,0.2,\n", 2, "step", "must be an integer in [0," },
        { Small + "\n7e9,r,0,2.5,100,,0.2,\n", 2, "step", "not an integer step" },
        { Small + "\n7e9,r,0,,100,,0.2,\n", 2, "step", "is empty" },
        { Small + "\n0,r,0,1,100,,0.2,\n", 2, "model_params", "positive number of parameters" },
        { Small + "\n-7e9,r,0,1,100,,0.2,\n", 2, "model_params", "positive number of parameters" },
        { Small + "\n7e9,r,0,1,nan,,0.2,\n", 2, "tokens", "finite number" },
        { Small + "\n7e9,r,0,1,Infinity,,0.2,\n", 2, "tokens", "finite number" },
        { Small + "\n7e9,r,0,1,-5,,0.2,\n", 2, "tokens", "must not be negative" },
        { Small + "\n7e9,r,0,1,100,-1,0.2,\n", 2, "step_flops", "must not be negative" },
        { Small + "\n7e9,r,-2,1,100,,0.2,\n", 2, "slice_factor", "must not be negative" },
        { Small + "\n7e9,,0,1,100,,0.2,\n", 2, "runid", "is empty" },
        { Small + "\n7e9,r,0,1,100,,0.2,abc\n", 2, "rollout_n", "not a rollout count" },
        { Small + "\n7e9,r,0,1,100,,0.2,\n7e9,r,0,2,100,0.2\n", 3, null, "expected 8 fields as in the header, got 6" },
        { Small + "\n7e9,r,0,1,100,,0.2,,extra\n", 2, null, "expected 8 fields as in the header, got 9" },
        { Small + "\n7e9,r,0,1,100,,0.2,\n7e9,\"r,0,2,100,,0.2,\n", 3, null, "unterminated quoted field" },
        { Small + "\n7e9,\"r\"x,0,1,100,,0.2,\n", 2, null, "after a closing quote" },
        { "model_params,runid,step,tokens,holdout_score,notes\n7e9,r,1,100,0.2,\"multi\nline\"\n7e9,r,2,bad,0.2,x\n", 4, "tokens", "not a number" },
        { Small + "\n\n\n7e9,r,0,1,100,,2,\n", 4, "holdout_score", "[0, 1]" },
        { "model_params,runid,step,holdout_score\n7e9,r,1,0.2\n", 1, "tokens", "required column missing" },
        { "model_params,runid,step,tokens,tokens,holdout_score\n7e9,r,1,1,1,0.2\n", 1, "tokens", "more than once" },
        { "", 1, null, "the file is empty" },
        { Small + "\n", 2, null, "no data rows" },
        { Small + "\n7e9," + new string('x', 260) + ",0,1,100,,0.2,\n", 2, "runid", "too long" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void A_malformed_row_is_reported_with_its_line_number_and_the_file_is_rejected(string csv, int line, string? column, string message)
    {
        var file = PaperCsv.Parse(csv);

        Assert.False(file.IsValid);
        Assert.Empty(file.Runs);
        var error = Assert.Single(file.Errors);
        Assert.Equal(line, error.Line);
        Assert.Equal(column, error.Column);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"line {line}", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_bad_value_of_a_row_is_reported_and_the_list_stops_at_the_limit_while_counting_on()
    {
        var rows = Enumerable.Range(1, 30).Select(i => $"7e9,r,0,{i},x,,9,");
        var csv = Small + "\n" + string.Join("\n", rows) + "\n";

        var file = PaperCsv.Parse(csv, maxErrors: 20);

        Assert.Equal(60, file.ErrorCount);
        Assert.Equal(20, file.Errors.Count);
        Assert.Equal([2, 2, 3, 3], file.Errors.Take(4).Select(e => e.Line));
        Assert.Equal(["tokens", "holdout_score"], file.Errors.Take(2).Select(e => e.Column));
        Assert.Equal(11, file.Errors[^1].Line);
    }
}
