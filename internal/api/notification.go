package api

import (
	"net/http"

	"github.com/haki-kenya/haki"
)

// NoticesRead is the answer of marking every notification read.
type NoticesRead struct {
	Read int `json:"read"`
}

// listNotifications lists the caller's own notifications, newest first;
// unread=1 keeps the unread ones.
func (s *Server) listNotifications(w http.ResponseWriter, r *http.Request) error {
	limit, err := intParam(r, "limit")
	if err != nil {
		return err
	}
	if limit == 0 {
		limit = 50
	}
	ns, err := s.store.FindNotifications(r.Context(), limit, r.URL.Query().Get("unread") == "1")
	if err != nil {
		return err
	}
	return writeList(w, ns, "")
}

func (s *Server) readNotification(w http.ResponseWriter, r *http.Request) error {
	n, err := s.store.ReadNotification(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, n)
}

func (s *Server) readAllNotifications(w http.ResponseWriter, r *http.Request) error {
	n, err := s.store.ReadAllNotifications(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, NoticesRead{Read: n})
}

func (s *Server) getNoticeSettings(w http.ResponseWriter, r *http.Request) error {
	ns, err := s.store.FindNoticeSettings(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, ns)
}

func (s *Server) putNoticeSettings(w http.ResponseWriter, r *http.Request) error {
	var in haki.NoticeSettings
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := s.store.UpdateNoticeSettings(r.Context(), &in); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, &in)
}
