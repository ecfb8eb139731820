package store

import (
	"context"
	"crypto/ecdh"
	"crypto/rand"
	"fmt"

	"github.com/haki-kenya/haki"
)

// publicReportKeyID names the data key that holds the private half of the
// organisation's report key pair: an ECDH P-256 scalar, 32 bytes like any
// data key, so it is wrapped by the master key, re-wrapped by a master-key
// rotation and copied by a backup like the others.
const publicReportKeyID = "public-report-p256"

// PublicReportKey returns the organisation's report key pair, making it the
// first time it is asked for. The public's phones seal a report to its
// public half before keeping it (the /report page); only the server, which
// holds the master key, can open it. The key is made once and kept: a
// report sealed on a phone weeks ago still opens.
func (s *Store) PublicReportKey(ctx context.Context) (*ecdh.PrivateKey, error) {
	var raw []byte
	err := s.read(ctx, func(tx *Tx) error {
		var err error
		raw, err = tx.dataKey(publicReportKeyID)
		return err
	})
	if haki.ErrorCode(err) == haki.ENOTFOUND {
		err = s.write(ctx, func(tx *Tx) error {
			var err error
			raw, err = tx.dataKey(publicReportKeyID)
			if haki.ErrorCode(err) != haki.ENOTFOUND {
				return err
			}
			k, err := ecdh.P256().GenerateKey(rand.Reader)
			if err != nil {
				return err
			}
			raw = k.Bytes()
			return tx.insertDataKey(publicReportKeyID, raw)
		})
		if err != nil {
			// Another process may have made it first (a duplicate id).
			err2 := s.read(ctx, func(tx *Tx) error {
				var err error
				raw, err = tx.dataKey(publicReportKeyID)
				return err
			})
			if err2 != nil {
				return nil, err
			}
		}
	} else if err != nil {
		return nil, err
	}
	k, err := ecdh.P256().NewPrivateKey(raw)
	if err != nil {
		return nil, fmt.Errorf("public report key: %w", err)
	}
	return k, nil
}
