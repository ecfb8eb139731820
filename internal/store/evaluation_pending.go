package store

import "github.com/haki-kenya/haki"

// PENDING: instruments land with the forms branch.
func (tx *Tx) scoreInstruments(e *haki.Evaluation) error { return nil }
