package importer

import (
	"context"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
)

// StoreApply writes through the store's batch engine, ApplyBatchStream:
// one transaction, re-runs matched by the mapping's system and each row's
// external id.
func StoreApply(s *store.Store) Apply {
	return func(ctx context.Context, system string, next func() (*haki.BatchIncident, error), opt ApplyOptions) (*haki.BatchResult, error) {
		return s.ApplyBatchStream(ctx, system, next, store.BatchOptions{DryRun: opt.DryRun, ValidOnly: opt.ValidOnly,
			Progress: opt.Progress, OnRow: opt.OnRow})
	}
}
