package httpx

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"testing"
)

func TestClientGone(t *testing.T) {
	live := httptest.NewRequest("GET", "/", nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ended := live.WithContext(ctx)
	tests := []struct {
		name  string
		ended bool
		err   error
		want  bool
	}{
		{"client closed, store saw it", true, fmt.Errorf("FindIncidents: %w", context.Canceled), true},
		{"client closed, other error", true, errors.New("disk full"), false},
		{"request alive, a canceled error of our own", false, context.Canceled, false},
		{"request alive, plain error", false, errors.New("boom"), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := live
			if tc.ended {
				r = ended
			}
			if got := ClientGone(r, tc.err); got != tc.want {
				t.Errorf("ClientGone = %v, want %v", got, tc.want)
			}
		})
	}
}
