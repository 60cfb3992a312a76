namespace Tracker.Cli.Commands;

public static class Usage
{
    public const string Text = """
        tracker — command line for the Tracker experiment tracker

        tracker simulate [--url URL] [--study NAME] [--sweep base|instruct|both] [--seeds 3] [--seed 1]
                         [--steps 105] [--reuse] [--speed 1] [--quiet]
            Simulated GRPO training jobs that post through the .NET client like real workers, following the
            paper's committed fits with the noise of a 500-problem held-out set. Every run is tagged
            simulated=true and named sim-…. Studies: NAME-base and NAME-instruct (sizes 0.5B–72B, --seeds runs
            each), with --reuse also NAME-reuse-base / NAME-reuse-instruct (7B, τ ∈ {1,2,5,20,25,50,100}; τ = 100
            overfits). --speed multiplies the pace (1 = a full sweep in under a minute). The same run name always
            carries the same data, so running it again only adds duplicates. NAME defaults to "sim".

        tracker import paper-csv FILE --study NAME [--url URL] [--json]
            Imports a CSV in the format of the paper's analysis code into a study (POST /api/v1/import/paper-csv).
            A file with any malformed row is refused whole, with line numbers. Importing it again adds nothing.

        URL defaults to $TRACKER_URL, else http://127.0.0.1:5080.
        """;
}
