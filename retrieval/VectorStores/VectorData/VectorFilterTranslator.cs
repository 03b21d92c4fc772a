using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Linq.Expressions;
using Microsoft.Extensions.VectorData.ProviderServices;
using Microsoft.Extensions.VectorData.ProviderServices.Filter;

// See AgentRecModelBuilder: the experimental ProviderServices toolkit is used on purpose, by internal types only.
#pragma warning disable MEVD9001

namespace AgentRec.Retrieval.VectorStores;

/// <summary>
/// Translates a VectorData LINQ filter (<c>Expression&lt;Func&lt;TRecord, bool&gt;&gt;</c>) into a <see cref="VectorFilter"/> over
/// the payload fields the data properties are stored in. Supported: <c>==</c>, <c>!=</c>, <c>&lt;</c>, <c>&lt;=</c>,
/// <c>&gt;</c>, <c>&gt;=</c> between a data property and a constant (or captured variable), <c>&amp;&amp;</c>, <c>||</c>, <c>!</c>,
/// a bool property on its own, <c>Contains</c> on a string-list property, and <c>Contains</c> of a property in a constant
/// collection. Anything else raises <see cref="NotSupportedException"/> naming the expression.
/// </summary>
internal sealed class VectorFilterTranslator : FilterTranslatorBase
{
    private const string Supported =
        "Supported: ==, !=, <, <=, >, >= between a data property and a constant, &&, ||, !, a bool property, " +
        "Contains on a string-list property, and Contains of a property in a constant collection.";

    private readonly string collection;

    private VectorFilterTranslator(string collection) => this.collection = collection;

    public static FilterTerm Translate(LambdaExpression filter, CollectionModel model, string collection)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var translator = new VectorFilterTranslator(collection);

        // Without parameterization the preprocessor inlines captured variables as constants, which is what a payload filter needs.
        Expression body = translator.PreprocessFilter(filter, model, new FilterPreprocessingOptions { SupportsParameterization = false });
        return translator.Visit(body);
    }

    protected override bool TryBindProperty(Expression expression, [NotNullWhen(true)] out PropertyModel? propertyModel)
    {
        Expression inner = expression;
        var conversions = new List<Type>();
        while (inner is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } convert)
        {
            conversions.Add(convert.Type);
            inner = convert.Operand;
        }

        string? name = inner switch
        {
            MemberExpression member when member.Expression == RecordParameter => member.Member.Name,
            MethodCallExpression { Method.Name: "get_Item", Arguments: [ConstantExpression { Value: string key }] } call
                when call.Object == RecordParameter => key,
            _ => null,
        };

        if (name is null)
        {
            propertyModel = null;
            return false;
        }

        if (!Model.PropertyMap.TryGetValue(name, out propertyModel))
        {
            throw new InvalidOperationException(
                $"A filter on collection '{collection}' uses '{name}', which is not a property of the record definition.");
        }

        // Widening casts (C# adds them to compare a short with an int literal) keep the value; narrowing ones would not.
        foreach (Type target in conversions)
        {
            if (!IsValuePreserving(propertyModel.Type, target))
            {
                throw Unsupported(expression, $"casting '{name}' ({propertyModel.Type.Name}) to {target.Name} can change its value");
            }
        }

        return true;
    }

    private static bool IsValuePreserving(Type from, Type to)
    {
        if (to == typeof(object) || to.IsAssignableFrom(from))
        {
            return true;
        }

        from = Nullable.GetUnderlyingType(from) ?? from;
        to = Nullable.GetUnderlyingType(to) ?? to;
        return from == to || (NumericRank(from) is int source && NumericRank(to) is int target && target >= source);
    }

    private static int? NumericRank(Type type) => Type.GetTypeCode(type) switch
    {
        TypeCode.Byte => 1,
        TypeCode.Int16 => 2,
        TypeCode.Int32 => 3,
        TypeCode.Int64 => 4,
        TypeCode.Single => 5,
        TypeCode.Double => 6,
        _ => null,
    };

    private static bool TryGetConstant(Expression expression, out object? value)
    {
        switch (expression)
        {
            case ConstantExpression constant:
                value = constant.Value;
                return true;

            case UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } convert
                when TryGetConstant(convert.Operand, out object? operand):
                value = ConvertConstant(operand, convert.Type);
                return true;

            case NewArrayExpression { NodeType: ExpressionType.NewArrayInit } array:
                var items = new object?[array.Expressions.Count];
                for (int i = 0; i < items.Length; i++)
                {
                    if (!TryGetConstant(array.Expressions[i], out items[i]))
                    {
                        value = null;
                        return false;
                    }
                }

                value = items;
                return true;

            default:
                value = null;
                return false;
        }
    }

    private static object? ConvertConstant(object? value, Type type)
    {
        Type target = Nullable.GetUnderlyingType(type) ?? type;
        if (value is null || target == typeof(object) || target.IsInstanceOfType(value) || !target.IsPrimitive || value is not IConvertible)
        {
            return value;
        }

        return Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
    }

    /// <summary>A number as the payload holds it: integers as long, other numbers as double; null when it is not a number.</summary>
    private static object? AsPayloadNumber(object value) => value switch
    {
        long or double => value,
        int i => (long)i,
        short s => (long)s,
        byte b => (long)b,
        sbyte sb => (long)sb,
        ushort us => (long)us,
        uint ui => (long)ui,
        float f => (double)f,
        _ => null,
    };

    private static ExpressionType Mirror(ExpressionType comparison) => comparison switch
    {
        ExpressionType.LessThan => ExpressionType.GreaterThan,
        ExpressionType.LessThanOrEqual => ExpressionType.GreaterThanOrEqual,
        ExpressionType.GreaterThan => ExpressionType.LessThan,
        ExpressionType.GreaterThanOrEqual => ExpressionType.LessThanOrEqual,
        _ => comparison,
    };

    private FilterTerm Visit(Expression node)
    {
        switch (node)
        {
            case BinaryExpression { NodeType: ExpressionType.AndAlso or ExpressionType.And } both when both.Type == typeof(bool):
                return FilterTerm.And(Visit(both.Left), Visit(both.Right));

            case BinaryExpression { NodeType: ExpressionType.OrElse or ExpressionType.Or } either when either.Type == typeof(bool):
                return FilterTerm.Or(Visit(either.Left), Visit(either.Right));

            case UnaryExpression { NodeType: ExpressionType.Not } negation when negation.Type == typeof(bool):
                return FilterTerm.Not(Visit(negation.Operand));

            case BinaryExpression
            {
                NodeType: ExpressionType.Equal or ExpressionType.NotEqual or ExpressionType.LessThan or ExpressionType.LessThanOrEqual
                    or ExpressionType.GreaterThan or ExpressionType.GreaterThanOrEqual,
            } comparison:
                return Compare(comparison);

            case MethodCallExpression call when TryMatchContains(call, out Expression? source, out Expression? item):
                return Contains(call, source, item);

            case ConstantExpression { Value: bool value }:
                return FilterTerm.Constant(value);

            case var _ when node.Type == typeof(bool) && TryBindProperty(node, out PropertyModel? flag):
                return FilterTerm.Of(VectorFilter.Equal(FieldOf(flag, node), true));

            default:
                throw Unsupported(node, null);
        }
    }

    private FilterTerm Compare(BinaryExpression comparison)
    {
        ExpressionType operation = comparison.NodeType;
        PropertyModel? property;
        object? value;
        if (!(TryBindProperty(comparison.Left, out property) && TryGetConstant(comparison.Right, out value)))
        {
            if (!(TryBindProperty(comparison.Right, out property) && TryGetConstant(comparison.Left, out value)))
            {
                throw Unsupported(comparison, "a comparison needs a record property on one side and a constant or captured value on the other");
            }

            operation = Mirror(operation);
        }

        string field = FieldOf(property, comparison);
        if (value is null)
        {
            throw Unsupported(comparison, "comparing with null is not supported (null values are not stored, so they cannot be matched)");
        }

        if (operation is ExpressionType.Equal or ExpressionType.NotEqual)
        {
            VectorFilter equal = EqualTo(property, field, value, comparison);
            return FilterTerm.Of(operation == ExpressionType.Equal ? equal : !equal);
        }

        if (!AgentRecModelBuilder.IsInteger(property.Type) && !AgentRecModelBuilder.IsFloatingPoint(property.Type))
        {
            throw Unsupported(comparison, $"ordering comparisons need a numeric property, and '{property.ModelName}' is {property.Type.Name}");
        }

        double bound = AsPayloadNumber(value) switch
        {
            long l => l,
            double d => d,
            _ => throw Unsupported(comparison, $"the value {value} is not a number"),
        };

        return FilterTerm.Of(operation switch
        {
            ExpressionType.GreaterThan => VectorFilter.Range(field, greaterThan: bound),
            ExpressionType.GreaterThanOrEqual => VectorFilter.Range(field, greaterOrEqual: bound),
            ExpressionType.LessThan => VectorFilter.Range(field, lessThan: bound),
            _ => VectorFilter.Range(field, lessOrEqual: bound),
        });
    }

    private FilterTerm Contains(MethodCallExpression call, Expression source, Expression item)
    {
        // record.Tags.Contains("x"): a string-list field holding the element.
        if (TryBindProperty(source, out PropertyModel? listProperty))
        {
            string listField = FieldOf(listProperty, call);
            if (!AgentRecModelBuilder.IsStringList(listProperty.Type))
            {
                throw Unsupported(call, $"Contains on a record property needs a string list, and '{listProperty.ModelName}' is {listProperty.Type.Name}");
            }

            return TryGetConstant(item, out object? element) && element is string text
                ? FilterTerm.Of(VectorFilter.Equal(listField, text))
                : throw Unsupported(call, "the element looked for must be a non-null string constant or captured value");
        }

        // new[] { "a", "b" }.Contains(record.Category): the field equals any of the values.
        if (!TryBindProperty(item, out PropertyModel? property)
            || !TryGetConstant(source, out object? constant)
            || constant is not IEnumerable values
            || constant is string)
        {
            throw Unsupported(call, null);
        }

        string field = FieldOf(property, call);
        if (AgentRecModelBuilder.IsStringList(property.Type))
        {
            throw Unsupported(call, $"'{property.ModelName}' is a list; test its elements with {property.ModelName}.Contains(value)");
        }

        object?[] candidates = values.Cast<object?>().ToArray();
        if (candidates.Length == 0)
        {
            return FilterTerm.Nothing;
        }

        if (Array.IndexOf(candidates, null) >= 0)
        {
            throw Unsupported(call, "the collection holds null, and null values are not stored, so they cannot be matched");
        }

        if (candidates.All(c => c is string))
        {
            return FilterTerm.Of(VectorFilter.In(field, candidates.Cast<string>()));
        }

        object?[] numbers = candidates.Select(c => AsPayloadNumber(c!)).ToArray();
        if (numbers.All(n => n is long))
        {
            return FilterTerm.Of(VectorFilter.In(field, numbers.Cast<long>()));
        }

        return FilterTerm.Of(VectorFilter.Or(candidates.Select(c => EqualTo(property, field, c!, call))));
    }

    private VectorFilter EqualTo(PropertyModel property, string field, object value, Expression node)
    {
        if (AgentRecModelBuilder.IsStringList(property.Type))
        {
            throw Unsupported(node, $"'{property.ModelName}' is a list; test its elements with {property.ModelName}.Contains(value)");
        }

        return value switch
        {
            string text => VectorFilter.Equal(field, text),
            bool flag => VectorFilter.Equal(field, flag),
            _ => AsPayloadNumber(value) switch
            {
                long l when !AgentRecModelBuilder.IsFloatingPoint(property.Type) => VectorFilter.Equal(field, l),
                long l => VectorFilter.Equal(field, (double)l),
                double d => VectorFilter.Equal(field, d),
                _ => throw Unsupported(node, $"values of type {value.GetType().Name} cannot be compared"),
            },
        };
    }

    private string FieldOf(PropertyModel property, Expression node) => property switch
    {
        DataPropertyModel data => data.StorageName,
        KeyPropertyModel key => throw Unsupported(
            node, $"'{key.ModelName}' is the key, which the index holds as the record id rather than as a filterable field; get records by key instead"),
        _ => throw Unsupported(node, $"'{property.ModelName}' is a vector property, which cannot be filtered on"),
    };

    private NotSupportedException Unsupported(Expression node, string? reason)
        => new($"Collection '{collection}': the filter expression '{node}' is not supported{(reason is null ? "" : $" ({reason})")}. {Supported}");
}
