package httpx

import (
	"io"
	"net/http"
	"slices"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/table"
)

// SendExport streams a list export named name in the format the query's
// "format" asks for (CSV when absent; XLSX or JSON), written by export,
// which the store audits. An error before the first byte becomes the
// caller's error page or problem; after it, the download is cut short and
// the store's audit entry says it did not complete.
func SendExport(w http.ResponseWriter, r *http.Request, name string, export func(format string, w io.Writer) (int, error)) error {
	format := r.URL.Query().Get("format")
	if format == "" {
		format = table.CSV
	}
	if !slices.Contains(table.Formats, format) {
		return haki.Problems{"format": "Choose CSV, XLSX or JSON."}.Err()
	}
	d := &CSVDownload{W: w, Name: name + "." + format, Type: table.ContentType(format)}
	if _, err := export(format, d); err != nil && !d.Started {
		return err
	}
	if !d.Started { // an empty list whose writer sent nothing: send the empty file
		d.Start()
	}
	return nil
}
