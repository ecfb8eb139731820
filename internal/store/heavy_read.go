package store

import "context"

// heavyReads is how many reads that scan the records of a whole period
// (a filtered report) run at once. Each can hold a read connection for a
// second at a million incidents; unbounded, a few of them took every
// connection of the pool and the pages people use all day queued behind
// them. The rest wait their turn here, holding no connection.
const heavyReads = 2

// heavyRead waits for a turn to run a heavy read and returns the function
// that ends it, or the context's error if the caller gave up waiting.
func (s *Store) heavyRead(ctx context.Context) (func(), error) {
	select {
	case s.heavy <- struct{}{}:
		return func() { <-s.heavy }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
