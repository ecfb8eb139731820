package web

import (
	"net/http"
	"strings"

	"github.com/haki-kenya/haki"
)

// notificationListPage is the signed-in colleague's notifications, newest first.
type notificationListPage struct {
	Page
	followupHelpers
	Notices []*haki.Notification
}

// notificationList lists the caller's notifications; opening one is a
// POST that marks it read (notificationRead), since a GET never writes.
func (s *Server) notificationList(w http.ResponseWriter, r *http.Request) error {
	ns, err := s.store.FindNotifications(r.Context(), 100, false)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "notification_list", notificationListPage{Page: s.page(w, r, "notice.list.title"), Notices: ns})
}

// notificationRead marks a notification read and goes to the page it is about.
func (s *Server) notificationRead(w http.ResponseWriter, r *http.Request) error {
	n, err := s.store.ReadNotification(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	to := n.Link
	if !strings.HasPrefix(to, "/") || strings.HasPrefix(to, "//") {
		to = "/notifications"
	}
	return s.redirect(w, r, to, "")
}

// notificationReadAll marks every notification of the caller read.
func (s *Server) notificationReadAll(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.store.ReadAllNotifications(r.Context()); err != nil {
		return err
	}
	return s.redirect(w, r, "/notifications", "flash.saved")
}

// accountNotices sets how the signed-in colleague is told besides the list.
func (s *Server) accountNotices(w http.ResponseWriter, r *http.Request) error {
	f := newForm(r)
	ns := &haki.NoticeSettings{Email: f.bool("notify_email"), SMS: f.bool("notify_sms"), Phone: f.str("phone")}
	err := s.store.UpdateNoticeSettings(r.Context(), ns)
	if fields, ok := fieldErrors(err); ok {
		p := accountPage{Page: s.page(w, r, "account.title"), Notices: ns}
		p.Errors = fields
		return s.renderAccount(w, r, p, http.StatusUnprocessableEntity)
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/account#notices", "flash.saved")
}
