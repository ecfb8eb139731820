package api

import (
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// badParam is the 400 problem for a query parameter that does not parse.
func badParam(name, msg string) error {
	return &problem{status: http.StatusBadRequest, kind: "invalid-parameter",
		detail: fmt.Sprintf("The query parameter %q is not valid.", name), fields: map[string]string{name: msg}}
}

// intParam reads an optional whole-number query parameter; 0 when absent.
func intParam(r *http.Request, name string) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, badParam(name, "Expected a whole number.")
	}
	return n, nil
}

// timeParam reads an optional RFC 3339 query parameter.
func timeParam(r *http.Request, name string) (time.Time, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return time.Time{}, badParam(name, "Expected an RFC 3339 date-time such as 2024-01-31T00:00:00Z.")
	}
	return t, nil
}

// pageParams reads cursor and limit.
func pageParams(r *http.Request) (cursor string, limit int, err error) {
	limit, err = intParam(r, "limit")
	return r.URL.Query().Get("cursor"), limit, err
}
