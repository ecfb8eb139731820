package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/httpx"
)

// MaxBodyBytes is the largest request body the API reads.
const MaxBodyBytes = 1 << 20

// decode reads exactly one JSON object from the request body into v, a
// pointer to a struct. Fields v does not have, trailing data, syntax errors
// and values of the wrong type are 400 problems naming the field; a date
// that is a string but not a date is a 422 naming the field.
func decode(w http.ResponseWriter, r *http.Request, v any) error {
	return decodeMax(w, r, v, MaxBodyBytes)
}

// decodeMax is decode for a body of at most max bytes.
func decodeMax(w http.ResponseWriter, r *http.Request, v any, max int64) error {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, max))
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return &problem{status: http.StatusBadRequest, kind: "body-too-large",
				detail: fmt.Sprintf("The request body is larger than %d bytes.", max)}
		}
		return &problem{status: http.StatusBadRequest, kind: "malformed-json", detail: "The request body could not be read."}
	}
	return decodeBytes(body, v)
}

// errBodyText answers a body that is not UTF-8, or holds a NUL (written
// \u0000) in a string: like a syntax error, a 400 problem.
var errBodyText = &problem{status: http.StatusBadRequest, kind: "invalid-text",
	detail: "The text holds a NUL character or bytes that are not UTF-8: remove them and try again."}

// decodeBytes is decode for a body already read.
func decodeBytes(body []byte, v any) error {
	// encoding/json would quietly replace bytes that are not UTF-8.
	if !utf8.Valid(body) {
		return errBodyText
	}
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeProblem(body, v, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return &problem{status: http.StatusBadRequest, kind: "malformed-json",
			detail: "The request body must hold one JSON object and nothing after it."}
	}
	if httpx.CheckStrings(v) != nil {
		return errBodyText
	}
	return nil
}

func decodeProblem(body []byte, v any, err error) error {
	bad := func(kind, detail string, fields map[string]string) error {
		return &problem{status: http.StatusBadRequest, kind: kind, detail: detail, fields: fields}
	}
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var herr *haki.Error
	switch {
	case errors.Is(err, io.EOF):
		return bad("malformed-json", "The request body is empty; send a JSON object.", nil)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return bad("malformed-json", "The JSON in the request body ends too soon.", nil)
	case errors.As(err, &syntax):
		return bad("malformed-json", fmt.Sprintf("The request body is not valid JSON (at byte %d).", syntax.Offset), nil)
	case errors.As(err, &typ):
		if typ.Field == "" {
			return bad("invalid-type", fmt.Sprintf("The request body must be a JSON object, not %s.", typ.Value), nil)
		}
		msg := fmt.Sprintf("Expected %s, got %s.", jsonType(typ.Type), typ.Value)
		return bad("invalid-type", fmt.Sprintf("The field %q has the wrong type.", typ.Field), map[string]string{typ.Field: msg})
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		// encoding/json has no type for this error; the text is documented.
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return bad("unknown-field", fmt.Sprintf("The field %q is not known here.", name), map[string]string{name: "Unknown field."})
	case errors.As(err, &herr):
		// A FuzzyDate refused its string; say which field.
		return dateProblems(body, v, herr)
	}
	return bad("malformed-json", "The request body could not be decoded.", nil)
}

// dateProblems names the top-level date fields of v whose values in body
// do not parse, for a 422 listing them.
func dateProblems(body []byte, v any, cause *haki.Error) error {
	var raw map[string]json.RawMessage
	if json.Unmarshal(body, &raw) != nil {
		return &problem{status: http.StatusBadRequest, kind: "malformed-json", detail: "The request body could not be decoded."}
	}
	p := haki.Problems{}
	for name, f := range unmarshalerFields(reflect.TypeOf(v).Elem()) {
		// encoding/json matches keys to fields ignoring case.
		for key, m := range raw {
			if !strings.EqualFold(key, name) {
				continue
			}
			if err := json.Unmarshal(m, reflect.New(f.Type).Interface()); err != nil {
				p.Add(name, haki.ErrorMessage(err))
			}
		}
	}
	if len(p) == 0 {
		return &problem{status: http.StatusBadRequest, kind: "invalid-type", detail: cause.Message}
	}
	return p.Err()
}

// unmarshalerFields returns the fields of struct type t, by JSON name, whose
// types read themselves (dates); a field of an embedded struct counts only
// when no shallower field has its name.
func unmarshalerFields(t reflect.Type) map[string]reflect.StructField {
	depth, out := map[string]int{}, map[string]reflect.StructField{}
	for _, f := range reflect.VisibleFields(t) {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		if d, ok := depth[name]; ok && d <= len(f.Index) {
			continue
		}
		depth[name] = len(f.Index)
		delete(out, name)
		if reflect.PointerTo(f.Type).Implements(reflect.TypeFor[json.Unmarshaler]()) {
			out[name] = f
		}
	}
	return out
}

// jsonType names a Go type the way a JSON client thinks of it.
func jsonType(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array of " + strings.TrimPrefix(strings.TrimPrefix(jsonType(t.Elem()), "a "), "an ") + "s"
	case reflect.Map, reflect.Struct:
		if t.String() == "time.Time" {
			return "an RFC 3339 date-time string"
		}
		return "an object"
	case reflect.Pointer:
		return jsonType(t.Elem())
	}
	return "a " + t.String()
}
