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

        tracker import mlflow DIR|FILE --study NAME [RUN OPTIONS] [--url URL] [--token TOKEN] [--json]
            Imports MLflow runs exported by mlflow-export-import (export-run, export-experiment): FILE is a run.json,
            DIR any directory holding run.json files, all sent at once (POST /api/v1/studies/NAME/import/mlflow).
            veRL/TRL parameter and metric names give N, D, C and the held-out evaluations. Importing again adds nothing.

        tracker import wandb-csv FILE --study NAME --run RUN [--config CONFIG.json] [--step-column COL]
                                 [RUN OPTIONS] [--url URL] [--token TOKEN] [--json]
            Imports one run's W&B history CSV (_step, _runtime, _timestamp and metric columns) with the run's config
            as JSON when given (POST /api/v1/studies/NAME/import/wandb-csv); the run is finished as completed.

            RUN OPTIONS win over what the files say: --model-size 7B, --model NAME, --batch-size N (prompts per
            step), --rollout-n N, --unique-samples N, --status completed|failed|killed|running, --loss-dataset DATASET
            (the study's L becomes 1 − pass@1 on DATASET). A malformed file is refused whole, each error with its
            line or JSON path.

        tracker export --study NAME [-o BUNDLE] [--url URL] [--token TOKEN]
            Downloads the study's bundle (GET /api/v1/studies/NAME/export): every event of the study and its runs with
            data, metadata and hash, and a manifest with counts, chain heads and the anchor. BUNDLE defaults to
            NAME.tracker-bundle.jsonl; the file appears only once complete.

        tracker import BUNDLE [--url URL] [--token TOKEN] [--json]
            Loads a bundle into a server (POST /api/v1/import/bundle) with its ids, versions, times and hashes. The
            server checks every hash first and refuses the whole bundle if anything is off or already present.

        tracker verify BUNDLE [--json]
            Offline: recomputes every stream's hash chain from the file with the server's own code, compares the
            manifest (counts, heads, anchor) and names the line, stream and version of the first event of each
            stream that does not match. Exit code 1 on any mismatch.
        tracker verify [--url URL] [--token TOKEN] [--study NAME | --stream ID] [--json]
            Asks the server to recompute its stored chains (GET /api/v1/audit/verify). Exit code 1 on any break.

        tracker replay BUNDLE [--fit] [--as-of TIME | --sequence N] [--axis compute|data] [--points] [--json]
            Offline, no server: re-derives the study's scaling dataset (and with --fit its fits) from the bundle's
            events with the server's own code, so the numbers equal what the server's dataset and fit endpoints
            show for the same events; with --as-of only events stored by then count, and the fit the server had
            recorded by then is printed next to the re-derived one. --points prints the dataset as CSV.

        tracker history (--study NAME [--study-only] | --run ID) [--type T,…] [--from TIME] [--to TIME] [--limit N]
                        [--url URL] [--token TOKEN] [--json]
            Every event in order with type, time, user, client, host and correlation id (a study includes its
            runs' events unless --study-only), from the server's history endpoints, page by page.

        URL defaults to $TRACKER_URL, else http://127.0.0.1:5080. TOKEN defaults to $TRACKER_TOKEN and is sent as
        Authorization: Bearer.
        """;
}
