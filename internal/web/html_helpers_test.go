package web

import (
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// The tests that read a page's structure parse it with these.

// htmlNodes parses body and returns the elements for which keep is true.
func htmlNodes(tb testing.TB, body string, keep func(*html.Node) bool) []*html.Node {
	tb.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	return htmlUnder(doc, keep)
}

// htmlUnder returns the elements under n for which keep is true.
func htmlUnder(n *html.Node, keep func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	for c := range n.Descendants() {
		if c.Type == html.ElementNode && keep(c) {
			out = append(out, c)
		}
	}
	return out
}

// htmlAll returns the elements under n with the tag and, if class is not
// "", that class.
func htmlAll(n *html.Node, tag, class string) []*html.Node {
	return htmlUnder(n, func(c *html.Node) bool {
		return c.Data == tag && (class == "" || slices.Contains(strings.Fields(htmlAttr(c, "class")), class))
	})
}

func htmlAttr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func htmlText(n *html.Node) string {
	var b strings.Builder
	for c := range n.Descendants() {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return b.String()
}
