package gatewayin

// registerRoutes lists every route of the hooks. Both are public: the
// gateway signs in with nothing but the shared secret in the URL.
func (s *Server) registerRoutes() {
	s.hook("POST /hooks/at/sms", maxSMSBody, s.receiveSMS, s.fail)
	s.hook("POST /hooks/at/ussd", maxUSSDBody, s.answerUSSD, s.failUSSD)
}
