package store

// HoldPasswordHashes makes every password hash of the store wait inside its
// turn until the returned function is called, so tests can fill the turns.
func (s *Store) HoldPasswordHashes() (release func()) {
	ch := make(chan struct{})
	s.hashing.during = func() { <-ch }
	return func() { close(ch) }
}

// PasswordHashes returns how many password hashes run now and the most that
// ever ran at once.
func (s *Store) PasswordHashes() (running, peak int) {
	return int(s.hashing.running.Load()), int(s.hashing.peak.Load())
}
