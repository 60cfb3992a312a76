using Tracker.Server.Mlflow.Search;

namespace Tracker.Server.Tests.Mlflow;

public sealed class SearchFilterTests
{
    [Fact]
    public void GivenClausesOnEveryEntity_WhenParsing_ThenEachIsReadWithItsKeyAndValue()
    {
        var (clauses, error) = SearchFilter.Parse("metrics.`val-core/openai/gsm8k/reward/mean@1` >= 0.5 AND params.lr = \"1e-6\" and tags.'x' = 'it''s' AND status = 'RUNNING'");

        Assert.Null(error);
        Assert.Equal(4, clauses.Count);
        Assert.Equal(new FilterClause(FilterEntity.Metric, "val-core/openai/gsm8k/reward/mean@1", ">=", "0.5", 0.5), clauses[0]);
        Assert.Equal(new FilterClause(FilterEntity.Param, "lr", "=", "1e-6", null), clauses[1]);
        Assert.Equal(FilterEntity.Attribute, clauses[3].Entity);
    }

    [Fact]
    public void GivenInAndNotInLists_WhenParsing_ThenTheValuesAreRead()
    {
        var (clauses, error) = SearchFilter.Parse("attributes.run_id IN ('a', \"b\") AND tags.team NOT IN('x')");

        Assert.Null(error);
        Assert.Equal(["a", "b"], clauses[0].Values!);
        Assert.Equal(("NOT IN", "x"), (clauses[1].Comparator, clauses[1].Values!.Single()));
    }

    [Theory]
    [InlineData("attributes.run_id IN ('a'")]
    [InlineData("attributes.run_id IN (1, 2)")]
    [InlineData("metrics.loss IN ('1')")]
    [InlineData("metrics.loss")]
    [InlineData("metrics.loss <")]
    [InlineData("params.lr = 'unterminated")]
    [InlineData("runs.x = 'y'")]
    [InlineData("metrics.loss < 1 OR metrics.loss > 2")]
    [InlineData("metrics.loss LIKE '1%'")]
    public void GivenAFilterOutsideTheGrammar_WhenParsing_ThenTheErrorNamesTheFilter(string filter)
    {
        var (_, error) = SearchFilter.Parse(filter);
        Assert.NotNull(error);
        Assert.Contains(filter, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc", "a%", false, true)]
    [InlineData("abc", "A%", false, false)]
    [InlineData("abc", "A%", true, true)]
    [InlineData("a.c", "a_c", false, true)]
    [InlineData("a+c", "a+c", false, true)]
    public void GivenALikePattern_WhenMatching_ThenPercentAndUnderscoreAreWildcards(string value, string pattern, bool ignoreCase, bool matches)
    {
        Assert.Equal(matches, LikePattern.Matches(value, pattern, ignoreCase));
    }
}
