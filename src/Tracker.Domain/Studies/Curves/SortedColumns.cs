namespace Tracker.Domain.Studies.Curves;

/// <summary>Merges new (step, values) rows into step-sorted columns in one pass; steps arrive mostly in order,
/// so the common case is an append.</summary>
public static class SortedColumns
{
    public static void Merge<T>(List<long> steps, List<T> values, IEnumerable<(long Step, T Value)> rows)
    {
        var fresh = rows.OrderBy(r => r.Step).ToList();
        if (fresh.Count == 0)
        {
            return;
        }

        if (steps.Count == 0 || fresh[0].Step > steps[^1])
        {
            foreach (var (step, value) in fresh)
            {
                steps.Add(step);
                values.Add(value);
            }

            return;
        }

        var mergedSteps = new List<long>(steps.Count + fresh.Count);
        var mergedValues = new List<T>(steps.Count + fresh.Count);
        int i = 0, j = 0;
        while (i < steps.Count || j < fresh.Count)
        {
            if (j == fresh.Count || (i < steps.Count && steps[i] <= fresh[j].Step))
            {
                if (j < fresh.Count && steps[i] == fresh[j].Step)
                {
                    j++; // stored once: the writer never lets a step in twice, this only guards replays
                }

                mergedSteps.Add(steps[i]);
                mergedValues.Add(values[i++]);
            }
            else
            {
                mergedSteps.Add(fresh[j].Step);
                mergedValues.Add(fresh[j++].Value);
            }
        }

        steps.Clear();
        steps.AddRange(mergedSteps);
        values.Clear();
        values.AddRange(mergedValues);
    }
}
