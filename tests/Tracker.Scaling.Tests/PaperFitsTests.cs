namespace Tracker.Scaling.Tests;

public class PaperFitsTests
{
    // science.md §3 test vectors: L at three X values, to 4 digits.
    [Theory]
    [InlineData("base-C", 0.5e9, 1e18, 0.9554)]
    [InlineData("base-C", 0.5e9, 1e19, 0.9452)]
    [InlineData("base-C", 0.5e9, 1e20, 0.9351)]
    [InlineData("base-C", 7e9, 1e18, 0.7904)]
    [InlineData("base-C", 7e9, 1e19, 0.7129)]
    [InlineData("base-C", 7e9, 1e20, 0.6430)]
    [InlineData("base-C", 72e9, 1e18, 0.7687)]
    [InlineData("base-C", 72e9, 1e19, 0.5944)]
    [InlineData("base-C", 72e9, 1e20, 0.4596)]
    [InlineData("base-D", 72e9, 5120, 0.5561)]
    [InlineData("base-D", 72e9, 51200, 0.4232)]
    [InlineData("instruct-C", 72e9, 1e19, 0.5585)]
    [InlineData("instruct-C", 72e9, 1e20, 0.4412)]
    [InlineData("instruct-D", 7e9, 51200, 0.6650)]
    public void Test_vectors_reproduce_to_four_digits(string fit, double n, double x, double expected)
    {
        var law = PaperFits.All.Single(f => f.Name == fit).For(n);
        Assert.Equal(expected, Math.Round(law.PredictLoss(x), 4));
    }

    [Theory]
    [InlineData("base-C", 0.5e9, 0.004658)]
    [InlineData("base-C", 72e9, 0.111667)]
    [InlineData("base-D", 32e9, 0.099518)]
    [InlineData("instruct-C", 14e9, 0.054789)]
    [InlineData("instruct-D", 72e9, 0.112564)]
    public void Derived_k_matches_the_table(string fit, double n, double k) =>
        Assert.Equal(k, PaperFits.All.Single(f => f.Name == fit).For(n).K, 6);

    [Fact]
    public void Saturation_diagnostics_match()
    {
        var b = PaperFits.BaseCompute;
        Assert.Equal(1.201, b.K(72e9) / b.K(32e9), 3);
        Assert.Equal(0.839, b.K(72e9) / b.Kmax, 3);
        Assert.Equal(1.262, PaperFits.InstructCompute.K(72e9) / PaperFits.InstructCompute.K(32e9), 3);
    }

    [Fact]
    public void Unknown_size_is_rejected() => Assert.Throws<ArgumentOutOfRangeException>(() => PaperFits.BaseCompute.For(8e9));
}
