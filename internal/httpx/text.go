package httpx

import (
	"net/http"
	"net/url"
	"reflect"

	"github.com/haki-kenya/haki"
)

// textHeaders are the request headers the server reads as text.
var textHeaders = []string{"Authorization", "Accept-Language", "User-Agent", "Cookie"}

// CheckRequest refuses a request whose path (and so its path values),
// query or the headers the server reads hold a NUL character or bytes that
// are not UTF-8 (haki.ValidText). Guard.Handle calls it for every route of
// web and API; CheckValues, CheckStrings and CheckText cover the bodies.
func CheckRequest(r *http.Request) error {
	if !haki.ValidText(r.URL.Path) {
		return haki.InvalidText()
	}
	// A malformed escape is left for the handler to ignore, as r.URL.Query does.
	q, _ := url.ParseQuery(r.URL.RawQuery)
	if err := CheckValues(q); err != nil {
		return err
	}
	for _, name := range textHeaders {
		for _, v := range r.Header.Values(name) {
			if !haki.ValidText(v) {
				return haki.InvalidText()
			}
		}
	}
	return nil
}

// CheckValues refuses a query or form with a name or value that is not
// haki.ValidText.
func CheckValues(v url.Values) error {
	for name, values := range v {
		if !haki.ValidText(name) {
			return haki.InvalidText()
		}
		for _, s := range values {
			if !haki.ValidText(s) {
				return haki.InvalidText()
			}
		}
	}
	return nil
}

// CheckText refuses each s that is not haki.ValidText: the field names,
// file names and text fields of a multipart upload.
func CheckText(s ...string) error {
	for _, one := range s {
		if !haki.ValidText(one) {
			return haki.InvalidText()
		}
	}
	return nil
}

// CheckStrings refuses a decoded JSON value (a pointer to a struct, a map,
// a slice) holding a string or map key that is not haki.ValidText, at any
// depth. JSON writes NUL as \u0000, which decoding turns into the byte.
func CheckStrings(v any) error {
	if !validValue(reflect.ValueOf(v), 0) {
		return haki.InvalidText()
	}
	return nil
}

// maxDepth bounds the walk; json.Decoder refuses deeper nesting anyway.
const maxDepth = 10000

func validValue(v reflect.Value, depth int) bool {
	if depth > maxDepth {
		return false
	}
	switch v.Kind() {
	case reflect.String:
		return haki.ValidText(v.String())
	case reflect.Pointer, reflect.Interface:
		return v.IsNil() || validValue(v.Elem(), depth+1)
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() && !validValue(v.Field(i), depth+1) {
				return false
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return true // bytes (json.RawMessage is checked where it is decoded)
		}
		for i := range v.Len() {
			if !validValue(v.Index(i), depth+1) {
				return false
			}
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			if !validValue(it.Key(), depth+1) || !validValue(it.Value(), depth+1) {
				return false
			}
		}
	}
	return true
}
