package haki

import (
	"strings"
	"time"
)

// Story is a case story written for publication on the public portal: a
// title and a text written for the public by staff who may write on the
// case (PermCaseWrite), published only by a data manager or administrator
// (PermVerify) while the case's client has publication consent given.
//
// The portal shows a story exactly as written and approved: its title, its
// text, its public reference (STORY-2026-000001, never the case's) and the
// day it was published. It adds nothing from the case: not the client's
// name, not the case's reference, county or dates. A name appears only if
// the writer put it in the text, and then the client's publication consent
// and the approver's reading are what cover it.
//
// Any edit takes a published story off the portal until a data manager or
// administrator approves the new version; a withdrawal of the client's
// consent takes it off at once (store/portal_story.go).
type Story struct {
	ID     string `json:"id"`
	CaseID string `json:"case_id"`
	// Ref is the public reference, given at the first publication and kept
	// after; empty until then.
	Ref       string    `json:"ref,omitempty"`
	Title     string    `json:"title"`
	Body      string    `json:"body"`
	CreatedBy string    `json:"created_by,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedBy string    `json:"updated_by,omitempty"`
	UpdatedAt time.Time `json:"updated_at"`
	// Published is true while the current version is approved for the
	// portal; PublishedBy and PublishedAt say who approved it and when.
	Published   bool       `json:"published"`
	PublishedBy string     `json:"published_by,omitempty"`
	PublishedAt *time.Time `json:"published_at,omitempty"`
	Version     int        `json:"version"`
	// Consent is set by the store when reading: the case's client has
	// publication consent given now. Without it the story is not on the
	// portal, even if approved, and cannot be approved.
	Consent bool `json:"consent"`
	// OnPortal is set by the store when reading: the public sees the story
	// now (published, consent given, and readable).
	OnPortal bool `json:"on_portal"`
}

// Normalize trims the title and the text's ends, and turns Windows line
// ends into plain ones.
func (st *Story) Normalize() {
	st.Title = strings.TrimSpace(st.Title)
	st.Body = strings.TrimSpace(strings.ReplaceAll(st.Body, "\r\n", "\n"))
}

// Validate checks a normalised story's text.
func (st *Story) Validate() error {
	pr := Problems{}
	if st.Title == "" {
		pr.Add("title", "Give the story a title.")
	}
	checkLen(pr, "title", st.Title, 200)
	if strings.ContainsAny(st.Title, "\n\r") {
		pr.Add("title", "Keep the title on one line.")
	}
	if st.Body == "" {
		pr.Add("body", "Write the story the public will read.")
	}
	checkLen(pr, "body", st.Body, 10000)
	return pr.Err()
}

// PortalStory is a published story as the public portal shows it:
// nothing else of the story or its case leaves the store for the portal.
type PortalStory struct {
	Ref         string    `json:"ref"`
	Title       string    `json:"title"`
	Body        string    `json:"body"`
	PublishedAt time.Time `json:"published_at"`
}
