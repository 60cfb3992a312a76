using System.Globalization;
using System.Text;

namespace Tracker.Server.Mlflow.Search;

public enum FilterEntity
{
    Attribute,
    Param,
    Tag,
    Metric,
}

/// <summary>One comparison of a search filter: <c>metrics.loss &lt; 0.5</c>, <c>params.lr = '1e-6'</c>,
/// <c>attributes.status = 'FINISHED'</c>. <see cref="Number"/> is set when the value is a number; <see cref="Values"/>
/// holds the list of IN and NOT IN.</summary>
public sealed record FilterClause(FilterEntity Entity, string Key, string Comparator, string Text, double? Number, IReadOnlyList<string>? Values = null);

/// <summary>The subset of MLflow's search filter grammar that clients use: comparisons joined by AND, on
/// <c>attributes.</c>, <c>params.</c>, <c>tags.</c> and <c>metrics.</c> (singular prefixes too; a bare name is an
/// attribute), names quoted with backticks or double quotes when they hold special characters, string values in single
/// or double quotes, comparators <c>= != &lt; &lt;= &gt; &gt;= LIKE ILIKE</c>, and <c>IN</c> / <c>NOT IN</c> with a
/// parenthesised list of strings (<c>attributes.run_id IN ('a', 'b')</c>). Anything else is an error naming it.</summary>
public static class SearchFilter
{
    private static readonly string[] Comparators = ["!=", "<=", ">=", "=", "<", ">"];

    public static (List<FilterClause> Clauses, string? Error) Parse(string? filter)
    {
        var clauses = new List<FilterClause>();
        if (string.IsNullOrWhiteSpace(filter))
        {
            return (clauses, null);
        }

        var reader = new Reader(filter);
        while (true)
        {
            var (clause, error) = Clause(reader);
            if (error is not null)
            {
                return (clauses, $"Invalid filter '{filter}': {error}");
            }

            clauses.Add(clause!);
            reader.SkipSpaces();
            if (reader.AtEnd)
            {
                return (clauses, null);
            }

            if (!reader.TryKeyword("AND"))
            {
                return (clauses, $"Invalid filter '{filter}': expected AND at position {reader.Position} (only AND joins comparisons)");
            }
        }
    }

    private static (FilterClause? Clause, string? Error) Clause(Reader reader)
    {
        reader.SkipSpaces();
        var identifier = reader.Identifier();
        if (identifier is null)
        {
            return (null, $"expected an entity such as metrics.loss at position {reader.Position}");
        }

        var (entity, key) = Entity(identifier.Value.Prefix, identifier.Value.Name);
        if (entity is null)
        {
            return (null, $"unknown entity type '{identifier.Value.Prefix}' (use attributes, params, tags or metrics)");
        }

        reader.SkipSpaces();
        var comparator = reader.Comparator();
        if (comparator is null)
        {
            return (null, $"expected a comparator (=, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN) after '{identifier.Value.Name}'");
        }

        reader.SkipSpaces();
        if (comparator is "IN" or "NOT IN")
        {
            if (entity == FilterEntity.Metric)
            {
                return (null, "metrics are numbers: IN and NOT IN apply to attributes, params and tags");
            }

            return reader.List() is { } values
                ? (new FilterClause(entity.Value, key, comparator, string.Join(",", values), null, values), null)
                : (null, $"expected a parenthesised list of quoted strings after {comparator}");
        }

        var value = reader.Value();
        if (value is null)
        {
            return (null, $"expected a quoted string or a number after {comparator}");
        }

        var number = value.Value.Quoted ? (double?)null : double.Parse(value.Value.Text, CultureInfo.InvariantCulture);
        if (entity == FilterEntity.Metric && number is null)
        {
            return (null, $"metric '{key}' is compared with a number, got '{value.Value.Text}'");
        }

        if (entity is FilterEntity.Param or FilterEntity.Tag && comparator is "<" or "<=" or ">" or ">=")
        {
            return (null, $"{(entity == FilterEntity.Param ? "params" : "tags")} are strings: use =, !=, LIKE or ILIKE");
        }

        if (entity == FilterEntity.Metric && comparator is "LIKE" or "ILIKE")
        {
            return (null, "metrics are numbers: LIKE and ILIKE do not apply");
        }

        return (new FilterClause(entity.Value, key, comparator, value.Value.Text, number), null);
    }

    private static (FilterEntity? Entity, string Key) Entity(string? prefix, string name) => prefix?.ToLowerInvariant() switch
    {
        null or "attribute" or "attributes" or "attr" or "run" => (FilterEntity.Attribute, name),
        "param" or "params" or "parameter" or "parameters" => (FilterEntity.Param, name),
        "tag" or "tags" => (FilterEntity.Tag, name),
        "metric" or "metrics" => (FilterEntity.Metric, name),
        _ => (null, name),
    };

    private sealed class Reader(string text)
    {
        public int Position { get; private set; }

        public bool AtEnd => Position >= text.Length;

        public void SkipSpaces()
        {
            while (!AtEnd && char.IsWhiteSpace(text[Position]))
            {
                Position++;
            }
        }

        public bool TryKeyword(string keyword)
        {
            if (Position + keyword.Length <= text.Length && string.Compare(text, Position, keyword, 0, keyword.Length, StringComparison.OrdinalIgnoreCase) == 0
                && (Position + keyword.Length == text.Length || char.IsWhiteSpace(text[Position + keyword.Length]) || text[Position + keyword.Length] == '('))
            {
                Position += keyword.Length;
                return true;
            }

            return false;
        }

        /// <summary><c>prefix.name</c>, <c>prefix.`name`</c>, <c>prefix."name"</c> or a bare name.</summary>
        public (string? Prefix, string Name)? Identifier()
        {
            if (AtEnd)
            {
                return null;
            }

            if (text[Position] is '`' or '"')
            {
                return Quoted() is { } whole ? (null, whole) : null;
            }

            var start = Position;
            while (!AtEnd && (char.IsLetterOrDigit(text[Position]) || text[Position] is '_'))
            {
                Position++;
            }

            var first = text[start..Position];
            if (first.Length == 0)
            {
                return null;
            }

            if (AtEnd || text[Position] != '.')
            {
                return (null, first);
            }

            Position++;
            if (!AtEnd && text[Position] is '`' or '"')
            {
                return Quoted() is { } quoted ? (first, quoted) : null;
            }

            var nameStart = Position;
            while (!AtEnd && !char.IsWhiteSpace(text[Position]) && text[Position] is not ('=' or '!' or '<' or '>'))
            {
                Position++;
            }

            return Position > nameStart ? (first, text[nameStart..Position]) : null;
        }

        public string? Comparator()
        {
            foreach (var c in Comparators)
            {
                if (string.CompareOrdinal(text, Position, c, 0, c.Length) == 0)
                {
                    Position += c.Length;
                    return c;
                }
            }

            if (TryKeyword("NOT"))
            {
                SkipSpaces();
                return TryKeyword("IN") ? "NOT IN" : null;
            }

            return TryKeyword("ILIKE") ? "ILIKE" : TryKeyword("LIKE") ? "LIKE" : TryKeyword("IN") ? "IN" : null;
        }

        /// <summary><c>('a', "b", …)</c></summary>
        public List<string>? List()
        {
            if (AtEnd || text[Position] != '(')
            {
                return null;
            }

            Position++;
            var values = new List<string>();
            while (true)
            {
                SkipSpaces();
                if (AtEnd || text[Position] is not ('\'' or '"') || Quoted() is not { } value)
                {
                    return null;
                }

                values.Add(value);
                SkipSpaces();
                if (!AtEnd && text[Position] == ',')
                {
                    Position++;
                    continue;
                }

                if (!AtEnd && text[Position] == ')')
                {
                    Position++;
                    return values;
                }

                return null;
            }
        }

        public (string Text, bool Quoted)? Value()
        {
            if (AtEnd)
            {
                return null;
            }

            if (text[Position] is '\'' or '"')
            {
                return Quoted() is { } s ? (s, true) : null;
            }

            var start = Position;
            while (!AtEnd && (char.IsDigit(text[Position]) || text[Position] is '.' or '-' or '+' or 'e' or 'E'))
            {
                Position++;
            }

            var number = text[start..Position];
            return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? (number, false) : null;
        }

        private string? Quoted()
        {
            var quote = text[Position++];
            var value = new StringBuilder();
            while (!AtEnd)
            {
                var c = text[Position++];
                if (c == quote)
                {
                    // A doubled quote inside a quoted string stands for the quote itself.
                    if (!AtEnd && text[Position] == quote)
                    {
                        value.Append(quote);
                        Position++;
                        continue;
                    }

                    return value.ToString();
                }

                value.Append(c);
            }

            return null;
        }
    }
}
