using Tracker.Domain.Runs;

namespace Tracker.Domain.Tests.Runs;

public sealed class ModelSizeTests
{
    [Theory]
    [InlineData("Qwen2.5-0.5B", 0.5e9)]
    [InlineData("Qwen2.5-7B-Instruct", 7e9)]
    [InlineData("Qwen2.5-72B-Instruct", 72e9)]
    [InlineData("Qwen/Qwen2.5-1.5B", 1.5e9)]
    [InlineData("llama-70m", 70e6)]
    [InlineData("pythia-160M-deduped", 160e6)]
    [InlineData("Qwen3-30B-A3B", 30e9)] // MoE: total parameters, never the active "A3B"
    [InlineData("Qwen2.5-Math-7B", 7e9)]
    [InlineData("deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B", 1.5e9)]
    [InlineData("meta-llama/Llama-3.1-8B-Instruct", 8e9)] // "3.1" is a version, not a size
    [InlineData("qwen2.5-3b", 3e9)]
    [InlineData("tiny-500k", 500e3)]
    public void GivenANameWithASize_WhenParsing_ThenNIsTheParameterCount(string name, double expected)
    {
        Assert.Equal(expected, ModelSize.TryParse(name));
    }

    [Theory]
    [InlineData("Qwen2.5")]
    [InlineData("gpt")]
    [InlineData("Qwen3")]
    [InlineData("gpt-4o")]
    [InlineData("llama-7bx")]
    [InlineData("Qwen1.5-MoE-A2.7B")] // only the active size is named: never report it as N
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void GivenANameWithoutASize_WhenParsing_ThenNull(string? name)
    {
        Assert.Null(ModelSize.TryParse(name));
    }

    [Fact]
    public void GivenAnExplicitN_WhenResolving_ThenItWinsOverAnyName() =>
        Assert.Equal(1.23e9, ModelSize.Resolve(1.23e9, "Qwen2.5-7B", "llama-70m"));

    [Fact]
    public void GivenNoExplicitN_WhenResolving_ThenTheFirstNameWithASizeWins() =>
        Assert.Equal(70e6, ModelSize.Resolve(null, null, "gpt", "llama-70m", "Qwen2.5-7B"));

    [Fact]
    public void GivenNoSizeAnywhere_WhenResolving_ThenNull()
    {
        Assert.Null(ModelSize.Resolve(null, null, "Qwen2.5", "gpt"));
        Assert.Null(ModelSize.Resolve(null));
    }
}
