package store

import (
	"context"
	"encoding/json"
	"sort"
	"strconv"

	"github.com/haki-kenya/haki"
)

// Scored instruments (haki.Instrument): the built-in ones (PHQ-9) and those
// an administrator added as definitions, each change a new version. An
// evaluation's results are scored here, never trusted from the form: the
// total, band and flags are the instrument's, of the version used.

// FindInstruments returns the instruments in use: the built-in ones and
// the latest version of each added one, by code.
func (s *Store) FindInstruments(ctx context.Context) ([]*haki.Instrument, error) {
	if err := require(haki.UserFromContext(ctx), haki.PermDashboard); err != nil {
		return nil, err
	}
	var out []*haki.Instrument
	err := s.read(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.instruments()
		return err
	})
	return out, err
}

// instruments reads the instruments in use, sorted by code.
func (tx *Tx) instruments() ([]*haki.Instrument, error) {
	byCode := map[string]*haki.Instrument{}
	for _, in := range haki.BuiltinInstruments() {
		byCode[in.Code] = in
	}
	rows, err := tx.query(`SELECT definition FROM instruments i WHERE version = (SELECT MAX(version) FROM instruments j WHERE j.code = i.code)`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var def string
		if err := rows.Scan(&def); err != nil {
			return nil, err
		}
		in, err := haki.ParseInstrument([]byte(def))
		if err != nil {
			return nil, err
		}
		byCode[in.Code] = in
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]*haki.Instrument, 0, len(byCode))
	for _, in := range byCode {
		out = append(out, in)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out, nil
}

// instrument reads one instrument at one version: a built-in one, or one
// added.
func (tx *Tx) instrument(code string, version int) (*haki.Instrument, error) {
	for _, in := range haki.BuiltinInstruments() {
		if in.Code == code && in.Version == version {
			return in, nil
		}
	}
	var def string
	err := tx.queryRow(`SELECT definition FROM instruments WHERE code = ? AND version = ?`, code, version).Scan(&def)
	if isNoRows(err) {
		return nil, haki.Errorf(haki.ENOTFOUND, "No such instrument.")
	} else if err != nil {
		return nil, err
	}
	return haki.ParseInstrument([]byte(def))
}

// SaveInstrument adds an instrument from its definition (JSON), or a new
// version of one: administrators only. A built-in code cannot be replaced.
func (s *Store) SaveInstrument(ctx context.Context, definition []byte) (*haki.Instrument, error) {
	if err := require(haki.UserFromContext(ctx), haki.PermSettings); err != nil {
		return nil, err
	}
	in, err := haki.ParseInstrument(definition)
	if err != nil {
		return nil, err
	}
	for _, b := range haki.BuiltinInstruments() {
		if b.Code == in.Code {
			return nil, &haki.Error{Code: haki.ECONFLICT, Message: "That code is a built-in instrument; choose another code.",
				Fields: map[string]string{"code": "That code is a built-in instrument."}}
		}
	}
	err = s.write(ctx, func(tx *Tx) error {
		var last int
		if err := tx.queryRow(`SELECT COALESCE(MAX(version), 0) FROM instruments WHERE code = ?`, in.Code).Scan(&last); err != nil {
			return err
		}
		in.Version = last + 1
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		if _, err := tx.exec(`INSERT INTO instruments (code, version, definition, created_by, created_at) VALUES (?, ?, ?, ?, ?)`,
			in.Code, in.Version, string(b), nullString(tx.user.ID), fmtTime(tx.now)); err != nil {
			return err
		}
		return tx.audit("create", "instrument", in.Code+"@"+strconv.Itoa(in.Version), nil, map[string]any{"code": in.Code, "version": in.Version})
	})
	if err != nil {
		return nil, err
	}
	return in, nil
}

// scoreInstruments scores each of an evaluation's instrument results with
// its instrument (version 0: the one in use now) and checks its clinical
// forms, so what is kept is always the instrument's own total and band.
func (tx *Tx) scoreInstruments(e *haki.Evaluation) error {
	var inUse []*haki.Instrument
	seen := map[string]bool{}
	for i := range e.Instruments {
		r := &e.Instruments[i]
		field := "instrument_" + r.Code
		if seen[r.Code] {
			return &haki.Error{Code: haki.EINVALID, Message: "An instrument is given twice.", Fields: map[string]string{field: "Give each instrument once."}}
		}
		seen[r.Code] = true
		var in *haki.Instrument
		if r.Version == 0 {
			if inUse == nil {
				var err error
				if inUse, err = tx.instruments(); err != nil {
					return err
				}
			}
			for _, c := range inUse {
				if c.Code == r.Code {
					in = c
				}
			}
		} else {
			var err error
			if in, err = tx.instrument(r.Code, r.Version); err != nil && haki.ErrorCode(err) != haki.ENOTFOUND {
				return err
			}
		}
		if in == nil {
			return &haki.Error{Code: haki.EINVALID, Message: "No such instrument.", Fields: map[string]string{"instruments": "Choose an instrument from the list."}}
		}
		scored, err := in.Score(r.Answers)
		if err != nil {
			return prefixFields(err, field+"_")
		}
		*r = scored
	}
	for code, answers := range e.Forms {
		f, ok := haki.ClinicalFormByCode(code)
		if !ok {
			return &haki.Error{Code: haki.EINVALID, Message: "No such form.", Fields: map[string]string{"forms": "Choose a form from the list."}}
		}
		if err := f.Check(answers); err != nil {
			return prefixFields(err, "form_"+code+"_")
		}
	}
	return nil
}
