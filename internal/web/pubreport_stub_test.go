package web

import (
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
)

// TEMPORARY (untracked): until pubstore lands.
func storedReports(tb testing.TB, st *store.Store) []*haki.PublicReport { return store.StubReports(st) }
