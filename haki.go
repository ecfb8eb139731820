// Package haki is the domain of Haki: the records it holds, the rules they
// obey, the roles of the people who use it and the errors it reports. It
// imports nothing of ours and does no I/O.
package haki

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// Error codes. Each maps to one HTTP status in the web and API rooms.
const (
	EINVALID      = "invalid"      // the input is wrong; Fields says where
	ENOTFOUND     = "not_found"    // no such record, or the caller may not see it
	ECONFLICT     = "conflict"     // the record changed underneath, or already exists
	EUNAUTHORIZED = "unauthorized" // not signed in
	EFORBIDDEN    = "forbidden"    // signed in, but the role may not do this
	EINTERNAL     = "internal"     // our fault; logged with the request id
	EBUSY         = "busy"         // too many requests of this kind at once; try again shortly
)

// Error is an error a user can act on. Message is safe to show; it never
// holds an identifier of a person.
type Error struct {
	Code    string
	Message string
	// Fields maps a field name to what is wrong with it, for forms and
	// problem+json responses.
	Fields map[string]string
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return fmt.Sprintf("haki %s: %s", e.Code, e.Message)
	}
	var b strings.Builder
	for k, v := range e.Fields {
		fmt.Fprintf(&b, " %s: %s;", k, v)
	}
	return fmt.Sprintf("haki %s: %s:%s", e.Code, e.Message, b.String())
}

// Errorf returns an *Error with the code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the message of the first *Error in err's chain, or
// "Internal error." for any other error.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}

// ErrorFields returns the per-field messages of err, if any.
func ErrorFields(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// Problems collects field errors while validating a record.
type Problems map[string]string

// Add records what is wrong with a field; the first problem of a field wins.
func (p Problems) Add(field, msg string) {
	if _, ok := p[field]; !ok {
		p[field] = msg
	}
}

// Err returns nil when nothing was added, or an EINVALID *Error listing the fields.
func (p Problems) Err() error {
	if len(p) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: "Some fields need attention.", Fields: p}
}

type userKey struct{}

// NewContextWithUser returns a copy of ctx carrying the signed-in user.
func NewContextWithUser(ctx context.Context, u *User) context.Context {
	return context.WithValue(ctx, userKey{}, u)
}

// UserFromContext returns the signed-in user, or nil.
func UserFromContext(ctx context.Context) *User {
	u, _ := ctx.Value(userKey{}).(*User)
	return u
}

type requestIDKey struct{}

// NewContextWithRequestID returns a copy of ctx carrying the request id, so
// audit entries and logs can be joined to one request.
func NewContextWithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// RequestIDFromContext returns the request id, or "".
func RequestIDFromContext(ctx context.Context) string {
	s, _ := ctx.Value(requestIDKey{}).(string)
	return s
}
