package haki

import (
	"slices"
	"strings"
	"time"
)

// Evidence is a file attached to an incident or a case: a photo, a
// recording, a medical or autopsy report, a court document. Its bytes are
// kept encrypted; SHA256 is the hash of the plaintext taken at upload.
type Evidence struct {
	ID          string    `json:"id"`
	OwnerKind   string    `json:"owner_kind"` // "incident" or "case"
	OwnerID     string    `json:"owner_id"`
	Kind        string    `json:"kind"`
	Filename    string    `json:"filename"` // as uploaded; it can name a person
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	Description string    `json:"description"`
	UploadedBy  string    `json:"uploaded_by"`
	UploadedAt  time.Time `json:"uploaded_at"`
}

// The owners evidence can be attached to.
const (
	OwnerIncident = "incident"
	OwnerCase     = "case"
)

// EvidenceKinds is the fixed list of kinds of evidence.
var EvidenceKinds = []string{"photo", "audio", "video", "medical_report", "p3_form", "prc_form",
	"autopsy_report", "court_document", "article", "other"}

// The custody actions.
const (
	CustodyUpload   = "upload"
	CustodyView     = "view"
	CustodyDownload = "download"
	CustodyExport   = "export"
)

// CustodyEntry is one line of a file's chain of custody.
type CustodyEntry struct {
	Action    string    `json:"action"`
	UserID    string    `json:"user_id"`
	Username  string    `json:"username"`
	At        time.Time `json:"at"`
	Reason    string    `json:"reason,omitempty"`
	RequestID string    `json:"request_id,omitempty"`
}

// Validate checks the fields a user gives.
func (e *Evidence) Validate() error {
	p := Problems{}
	if e.OwnerKind != OwnerIncident && e.OwnerKind != OwnerCase {
		p.Add("owner_kind", "Attach the file to an incident or a case.")
	}
	if e.OwnerID == "" {
		p.Add("owner_id", "Attach the file to an incident or a case.")
	}
	if !slices.Contains(EvidenceKinds, e.Kind) {
		p.Add("kind", "Choose what kind of evidence this is.")
	}
	if len(e.Description) > 10000 {
		p.Add("description", "Keep the description under 10,000 characters.")
	}
	if len(e.Filename) > 255 {
		p.Add("file", "The file name is too long.")
	}
	return p.Err()
}

// evidenceTypes are the content types accepted, as http.DetectContentType
// names them (without parameters). HTML, scripts and executables are not
// among them: a file is stored only if it is a picture, a document, a
// recording or plain text.
var evidenceTypes = []string{
	"image/jpeg", "image/png", "image/gif", "image/webp", "image/bmp",
	"application/pdf",
	"audio/mpeg", "audio/wave", "audio/aiff", "audio/basic", "audio/midi", "application/ogg", "audio/ogg",
	"video/mp4", "video/webm", "video/avi", "audio/mp4",
	"text/plain",
}

// EvidenceTypeAllowed reports whether a sniffed content type may be stored.
func EvidenceTypeAllowed(contentType string) bool {
	base, _, _ := strings.Cut(contentType, ";")
	return slices.Contains(evidenceTypes, strings.TrimSpace(base))
}

// evidenceExtensions name downloads by their checked content type.
var evidenceExtensions = map[string]string{"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/webp": ".webp",
	"image/bmp": ".bmp", "application/pdf": ".pdf", "audio/mpeg": ".mp3", "audio/wave": ".wav", "audio/aiff": ".aiff",
	"audio/basic": ".au", "audio/midi": ".mid", "application/ogg": ".ogg", "audio/ogg": ".ogg", "video/mp4": ".mp4",
	"video/webm": ".webm", "video/avi": ".avi", "audio/mp4": ".m4a", "text/plain": ".txt"}

// DownloadName is the server-made name a downloaded file gets: never the
// uploaded one, which can name a person.
func (e *Evidence) DownloadName() string {
	base, _, _ := strings.Cut(e.ContentType, ";")
	ext := evidenceExtensions[base]
	if ext == "" {
		ext = ".bin"
	}
	return "evidence-" + e.ID + ext
}
