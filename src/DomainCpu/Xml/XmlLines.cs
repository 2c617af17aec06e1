using System.Globalization;
using System.Text;

namespace DomainCpu.Xml;

/// <summary>Builds indented element lines the way libvirt formats XML: single quotes, self-closed empty elements.</summary>
internal sealed class XmlLines(string baseIndent, string unit, string newline)
{
    private readonly StringBuilder _sb = new();
    private readonly List<string> _attrs = new();
    private int _depth;
    private bool _first = true;

    public XmlLines Attr(string name, string? value)
    {
        if (value is not null) _attrs.Add($" {name}='{XmlText.Escape(value)}'");
        return this;
    }

    public XmlLines Attr(string name, ulong? value) => Attr(name, value?.ToString(CultureInfo.InvariantCulture));

    public void Empty(string name) => Line($"<{name}{TakeAttrs()}/>");

    public void TextElement(string name, string text) => Line($"<{name}{TakeAttrs()}>{XmlText.Escape(text)}</{name}>");

    public void Open(string name)
    {
        Line($"<{name}{TakeAttrs()}>");
        _depth++;
    }

    public void Close(string name)
    {
        _depth--;
        Line($"</{name}>");
    }

    public override string ToString() => _sb.ToString();

    private string TakeAttrs()
    {
        var s = string.Concat(_attrs);
        _attrs.Clear();
        return s;
    }

    /// <summary>The first line carries no indentation: it replaces an element where it already sits.</summary>
    private void Line(string text)
    {
        if (!_first)
        {
            _sb.Append(newline).Append(baseIndent);
            for (var i = 0; i < _depth; i++) _sb.Append(unit);
        }
        _first = false;
        _sb.Append(text);
    }
}
