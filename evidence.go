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
	OwnerKind   string    `json:"owner_kind"` // "incident", "case" or "public_report"
	OwnerID     string    `json:"owner_id"`
	Kind        string    `json:"kind"`
	Filename    string    `json:"filename"` // as uploaded; it can name a person
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	Description string    `json:"description"`
	UploadedBy  string    `json:"uploaded_by"`
	UploadedAt  time.Time `json:"uploaded_at"`
	// ReportID is the report from the public the file came with, kept when
	// the file moves to the report's incident; MediaIndex its place there.
	ReportID   string `json:"public_report_id,omitempty"`
	MediaIndex int    `json:"media_index,omitempty"`
	// DerivedFrom is set on the copy made for staff without location
	// metadata: the id of the original, which is kept as received.
	DerivedFrom string `json:"derived_from,omitempty"`
	// Clinical marks a file of a medico-legal evaluation (a photograph of
	// an injury): of a case, seen only by its uploader and staff granted
	// clinical access.
	Clinical bool `json:"clinical,omitempty"`
}

// ReportMedia is one file sent with a report from the public: the original
// as received and the copy staff look at. Stripped is nil when no copy
// without location metadata could be made (a type whose metadata Haki does
// not remove, or a file it could not follow): staff are told so, and only
// the original, with care, remains.
type ReportMedia struct {
	Index    int       `json:"index"`
	Original *Evidence `json:"original"`
	Stripped *Evidence `json:"stripped,omitempty"`
}

// Number is the file's place in the report, counted from 1.
func (m *ReportMedia) Number() int { return m.Index + 1 }

// The owners evidence can be attached to.
const (
	OwnerIncident = "incident"
	OwnerCase     = "case"
	// OwnerPublicReport owns the files sent with a report from the public
	// until it is verified into an incident.
	OwnerPublicReport = "public_report"
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
	// CustodyDerive starts the chain of a copy made from an original (the
	// copy without location metadata); the reason names the original.
	CustodyDerive = "derive"
	// CustodyTransfer records a file moving to another owner: a report's
	// file to the incident the report was verified into.
	CustodyTransfer = "transfer"
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

// PhotoTypes are the content types of a file that can be a finding's
// photograph in a medico-legal evaluation: the pictures its report prints.
var PhotoTypes = []string{"image/jpeg", "image/png"}

// IsPhoto reports whether a content type is one of PhotoTypes.
func IsPhoto(contentType string) bool {
	base, _, _ := strings.Cut(contentType, ";")
	return slices.Contains(PhotoTypes, strings.ToLower(strings.TrimSpace(base)))
}

// evidenceExtensions name downloads by their checked content type.
var evidenceExtensions = map[string]string{"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/webp": ".webp",
	"image/bmp": ".bmp", "application/pdf": ".pdf", "audio/mpeg": ".mp3", "audio/wave": ".wav", "audio/aiff": ".aiff",
	"audio/basic": ".au", "audio/midi": ".mid", "application/ogg": ".ogg", "audio/ogg": ".ogg", "video/mp4": ".mp4",
	"video/webm": ".webm", "video/avi": ".avi", "audio/mp4": ".m4a", "text/plain": ".txt",
	"video/3gpp": ".3gp", "video/quicktime": ".mov", "audio/aac": ".aac", "audio/amr": ".amr", "audio/amr-wb": ".awb"}

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
