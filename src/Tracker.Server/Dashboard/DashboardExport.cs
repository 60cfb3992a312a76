using System.Globalization;
using System.Text;
using Tracker.Domain.Studies.Analysis;
using Tracker.Server.Studies;
using Tracker.Server.Studies.GetStudies;

namespace Tracker.Server.Dashboard;

/// <summary>CSV downloads of a study's dataset and fits, for spreadsheets and the paper's own analysis scripts.
/// JSON of the same is the API's (/api/v1/studies/{study}/dataset and /fit).</summary>
public static class DashboardExport
{
    public static async Task<IResult> DatasetCsvAsync(string study, StudyQueries queries, CancellationToken ct)
    {
        if (await queries.GetSummaryAsync(study, ct) is not { } summary)
        {
            return StudiesEndpoints.UnknownStudy(study);
        }

        var data = await queries.GetDataAsync(summary, ct);
        var csv = new StringBuilder("n,run_id,run,step,c,d,tau,l,reward\n");
        foreach (var p in data.Points.OrderBy(p => p.N).ThenBy(p => p.Run, StringComparer.Ordinal).ThenBy(p => p.Step))
        {
            csv.Append(Invariant($"{p.N:R},{p.RunId},{Quote(p.Run)},{p.Step},{p.C:R},{p.D:R},{p.Tau:R},{p.L:R},{p.Reward:R}\n"));
        }

        return Csv(csv, $"{study}-dataset.csv");
    }

    public static async Task<IResult> FitCsvAsync(string study, StudyQueries queries, CancellationToken ct)
    {
        if (await queries.GetSummaryAsync(study, ct) is not { } summary)
        {
            return StudiesEndpoints.UnknownStudy(study);
        }

        var data = await queries.GetDataAsync(summary, ct);
        var csv = new StringBuilder("axis,succeeded,reason,kmax,kmax_low,kmax_high,n0,n0_low,n0_high,r2,n,k,k_se,k_low,k_high,e,e_se,e_low,e_high,points,x_min,x_max,size_r2\n");
        foreach (var axis in Axis.All)
        {
            var fit = queries.Fit(data, axis);
            var head = Invariant($"{axis},{fit.Succeeded},{Quote(fit.Reason)},{fit.Kmax?.Value:R},{fit.Kmax?.Low:R},{fit.Kmax?.High:R},{fit.N0?.Value:R},{fit.N0?.Low:R},{fit.N0?.High:R},{fit.R2:R}");
            if (fit.Sizes.Count == 0)
            {
                csv.Append(head).Append(",,,,,,,,,,,,,\n");
            }

            foreach (var s in fit.Sizes)
            {
                csv.Append(head).Append(Invariant($",{s.N:R},{s.K.Value:R},{s.K.StandardError:R},{s.K.Low:R},{s.K.High:R},{s.E.Value:R},{s.E.StandardError:R},{s.E.Low:R},{s.E.High:R},{s.Points},{s.XMin:R},{s.XMax:R},{s.R2:R}\n"));
            }
        }

        return Csv(csv, $"{study}-fit.csv");
    }

    private static IResult Csv(StringBuilder csv, string fileName) =>
        Results.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", fileName);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Quote(string? text) =>
        text is null ? "" : text.IndexOfAny([',', '"', '\n', '\r']) < 0 ? text : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
