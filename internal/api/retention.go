package api

import (
	"net/http"

	"github.com/haki-kenya/haki"
)

// RetentionPeriod is the body of PUT /retention/{record_type}.
type RetentionPeriod struct {
	Years int `json:"years"`
}

// RetentionRun is the body of POST /retention/run: confirm must be true,
// since a run cannot be undone; dry_run reports without changing anything.
type RetentionRun struct {
	Confirm bool `json:"confirm"`
	DryRun  bool `json:"dry_run"`
}

// listRetention returns each record type's period and what is past it
// now: the dry run.
func (s *Server) listRetention(w http.ResponseWriter, r *http.Request) error {
	due, err := s.store.FindRetentionDue(r.Context())
	if err != nil {
		return err
	}
	return writeList(w, due, "")
}

// setRetention sets the period of one record type (audited by the store).
func (s *Server) setRetention(w http.ResponseWriter, r *http.Request) error {
	var in RetentionPeriod
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := s.store.SetRetentionYears(r.Context(), r.PathValue("record_type"), in.Years); err != nil {
		return err
	}
	return s.listRetention(w, r)
}

// runRetention anonymises and deletes what is past its period, or with
// dry_run only reports it.
func (s *Server) runRetention(w http.ResponseWriter, r *http.Request) error {
	var in RetentionRun
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if in.DryRun {
		return s.listRetention(w, r)
	}
	if !in.Confirm {
		return &haki.Error{Code: haki.EINVALID, Message: "A retention run cannot be undone.",
			Fields: map[string]string{"confirm": "Send confirm: true to anonymise and delete what is past its period, or dry_run: true to see it."}}
	}
	ran, err := s.store.RunRetention(r.Context())
	if err != nil {
		return err
	}
	return writeList(w, ran, "")
}
