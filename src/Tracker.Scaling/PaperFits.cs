namespace Tracker.Scaling;

/// <summary>
/// The committed fits of the paper's repository (fits_exp1.json at 470039b, pre-rebuttal; science.md §3).
/// Instruct fits used runs 1–2 and warmup_clip 4.
/// </summary>
public static class PaperFits
{
    /// <summary>Nominal Qwen2.5 sizes 0.5B … 72B.</summary>
    public static IReadOnlyList<double> SizesN { get; } = [0.5e9, 1.5e9, 3e9, 7e9, 14e9, 32e9, 72e9];

    /// <summary>Prompts per step (D = step × 512).</summary>
    public const int PromptsPerStep = 512;

    /// <summary>Steps per run (53,904 problems, batch 512, drop_last).</summary>
    public const int StepsPerRun = 105;

    public static PaperFit BaseCompute { get; } = PaperFit.Create(
        "base-C", "base", XAxis.Compute, 0.13304186850061026, 13781599883.267672,
        [0.06402735773863455, 0.20742131526390395, 0.37406561965445384, 0.7044669489662159, 1.0848158157238093, 1.5358830754216175, 1.8957451209901102],
        0.9955135229379439, 732, 0);

    public static PaperFit BaseData { get; } = PaperFit.Create(
        "base-D", "base", XAxis.Data, 0.13995590993298102, 13002965268.771812,
        [0.004045907594509401, 0.03086271421244291, 0.04766048363035935, 0.07129731599313516, 0.11463460755928345, 0.15351841225660223, 0.18486149228466253],
        0.9957513696417251, 732, 0);

    public static PaperFit InstructCompute { get; } = PaperFit.Create(
        "instruct-C", "instruct", XAxis.Compute, 0.12941550732302903, 19069280489.603394,
        [0.03484697801275871, 0.12888469751557707, 0.24427973195358987, 0.493648237112863, 0.8163342406668228, 1.2621444529128123, 1.6910059179318395],
        0.9963321611346961, 703, 4);

    public static PaperFit InstructData { get; } = PaperFit.Create(
        "instruct-D", "instruct", XAxis.Data, 0.14378831829679464, 19972075159.091267,
        [-0.008333400168341498, 0.0008497062044998671, -0.0003147840128434609, -0.0014656987594214854, 0.021533801485889015, 0.06318952753285956, 0.13863199770732137],
        0.9964062066760923, 703, 4);

    public static IReadOnlyList<PaperFit> All { get; } = [BaseCompute, BaseData, InstructCompute, InstructData];
}
