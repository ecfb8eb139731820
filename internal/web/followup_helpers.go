package web

import (
	"strconv"
	"strings"
	"time"

	"github.com/haki-kenya/haki"
)

// followupHelpers gives the templates of the follow-up pages (court
// matters, appointments, contact attempts, tasks), in which it is embedded,
// instants in Nairobi time and selects of haki's code lists (courts, kinds,
// attendance ...).
type followupHelpers struct{}

// Local shows an instant as East Africa date and time, labelled EAT, as
// the forms take them; "" when unset.
func (followupHelpers) Local(t time.Time) string { return haki.FormatTime(t, haki.Nairobi) }

// LocalInput is Local as a datetime-local input's value.
func (followupHelpers) LocalInput(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(haki.Nairobi).Format("2006-01-02T15:04")
}

// Day shows a date; "" when unset.
func (followupHelpers) Day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// fuLists are the code lists the forms offer, by name.
var fuLists = map[string][]string{
	"courts": haki.Courts, "matter_kinds": haki.MatterKinds, "matter_statuses": haki.MatterStatuses,
	"matter_outcomes": haki.MatterOutcomes, "hearing_purposes": haki.HearingPurposes, "appointment_types": haki.AppointmentTypes,
	"contact_methods": haki.ContactAttemptMethods, "contact_outcomes": haki.ContactOutcomes, "task_statuses": haki.TaskStatuses,
}

// fuSelect is what the "fu-select" template draws: a labelled select of a
// code list, each code labelled by the catalogue key prefix+code.
type fuSelect struct {
	Field, Label, Value, Empty, Err string
	Options                         []fuOption
}

type fuOption struct{ Code, Label string }

// Select builds a fuSelect for a form field from the code list named list;
// emptyKey "" gives no empty choice.
func (followupHelpers) Select(p Page, field, prefix, labelKey, value, emptyKey, list string) fuSelect {
	s := fuSelect{Field: field, Label: p.T(labelKey), Value: value, Err: p.Err(field)}
	if emptyKey != "" {
		s.Empty = p.T(emptyKey)
	}
	for _, c := range fuLists[list] {
		s.Options = append(s.Options, fuOption{Code: c, Label: p.T(prefix + c)})
	}
	return s
}

// localTime reads a datetime-local field (Nairobi time) as an instant.
func localTime(f *form, name string) time.Time {
	v := f.str(name)
	if v == "" {
		return time.Time{}
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02T15:04:05"} {
		if t, err := time.ParseInLocation(layout, v, haki.Nairobi); err == nil {
			return t.UTC()
		}
	}
	f.problems.Add(name, "Write the day and time as 2024-01-31 14:30.")
	return time.Time{}
}

// day reads an optional date field.
func day(f *form, name string) time.Time {
	v := f.str(name)
	if v == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		f.problems.Add(name, "Write the day as 2024-01-31.")
	}
	return t
}

// shillings reads an optional whole number of shillings, commas allowed.
func shillings(f *form, name string) int64 {
	v := strings.NewReplacer(",", "", " ", "", "KES", "", "KSh", "").Replace(f.str(name))
	if v == "" {
		return 0
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		f.problems.Add(name, "Enter a whole number of shillings.")
	}
	return n
}

// missedTitle is the title of the task a missed appointment makes (store:
// missedFollowUp); pages show it in their own language.
const missedTitle = "Follow up missed appointment"

// TaskTitle shows a task's title: the follow-up the system writes in the
// page's language, and a note for a title erased with its client.
func (followupHelpers) TaskTitle(p Page, t *haki.Task) string {
	switch t.Title {
	case missedTitle:
		return p.T("task.missed_title")
	case "":
		return p.T("task.erased")
	}
	return t.Title
}

// safeView is what the "fu-safe" template draws: the safe-contact rules of
// an assessment (nil: none, so do not call or text).
type safeView struct {
	Page
	A *haki.Assessment
}

// Safety builds a safeView.
func (followupHelpers) Safety(p Page, a *haki.Assessment) safeView { return safeView{Page: p, A: a} }
