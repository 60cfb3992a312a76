using Tracker.Cli.Commands;
using Tracker.Cli.Simulate;

namespace Tracker.Cli.Tests.Commands;

public sealed class CommandLineTests
{
    private static SimulateOptions Simulate(params string[] args) =>
        SimulateCommand.Read(CommandLine.Parse(args, SimulateCommand.Options, SimulateCommand.Flags));

    [Fact]
    public void Simulate_options_are_read_in_both_spellings()
    {
        var options = Simulate("--study", "demo", "--speed=2.5", "--sweep", "instruct", "--seeds", "2", "--reuse", "--steps=50", "--seed", "7");

        Assert.Equal(new SimulateOptions { Study = "demo", Speed = 2.5, Sweep = Variants.Instruct, Seeds = 2, Reuse = true, Steps = 50, Seed = 7 }, options);
        Assert.Equal(new SimulateOptions(), Simulate());
    }

    [Theory]
    [InlineData("unknown option --bogus", "--bogus")]
    [InlineData("--sweep must be base, instruct or both", "--sweep", "large")]
    [InlineData("--speed must be a number above 0", "--speed", "0")]
    [InlineData("--seeds must be an integer from 1 to 100", "--seeds", "many")]
    [InlineData("--steps needs a value", "--steps")]
    [InlineData("--reuse takes no value", "--reuse=yes")]
    [InlineData("simulate takes no arguments", "extra")]
    [InlineData("--seed is given twice", "--seed", "1", "--seed", "2")]
    public void A_wrong_command_line_says_what_is_wrong(string message, params string[] args)
    {
        var error = Assert.Throws<UsageException>(() => Simulate(args));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_url_must_be_an_http_address()
    {
        Assert.Equal(new Uri("http://h:1/"), CommandLine.Parse(["--url", "http://h:1"], ["url"], []).Url());
        Assert.Throws<UsageException>(() => CommandLine.Parse(["--url", "ftp://h"], ["url"], []).Url());
    }
}
