package api_test

import (
	"bytes"
	"cmp"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/api"
	"github.com/haki-kenya/haki/internal/config"
	"github.com/haki-kenya/haki/internal/store"
)

var updateOpenAPI = flag.Bool("update-openapi", false, "rewrite openapi.json from the routes and types")

// op documents one route for openapi.json.
type op struct {
	summary string
	query   []string // names of query parameters, described in queryParams
	body    any      // request body type, nil for none
	resp    any      // response type; a listOf for lists; nil for 204
	status  string   // success status, "200" when empty
	// upload marks a multipart/form-data body of the parts described in
	// uploadParts; its example is in requestExamples too.
	upload bool
	// refused, when set, is the type of the 422 response's body instead of
	// a problem.
	refused any
	// maxBody is the body's limit in bytes when it is not api.MaxBodyBytes.
	maxBody int64
}

type listOf struct{ item any }

var queryParams = map[string]map[string]any{
	"trust":        {"description": "The instances whose exchanges are accepted: their 32-character identities, separated by commas.", "schema": map[string]any{"type": "string"}},
	"dry_run":      {"description": "1 to check the batch and say what it would do, writing nothing.", "schema": map[string]any{"type": "string", "enum": []string{"0", "1"}}},
	"valid_only":   {"description": "1 to write the valid rows and report the rejected ones; by default one rejected row and nothing is written.", "schema": map[string]any{"type": "string", "enum": []string{"0", "1"}}},
	"type":         {"description": "Incident type: a code of the vocabulary \"incident_type\".", "schema": map[string]any{"type": "string"}},
	"county":       {"description": "County code, e.g. KE-047.", "schema": map[string]any{"type": "string"}},
	"version":      {"description": "The version of the record read.", "schema": map[string]any{"type": "integer", "minimum": 1}},
	"year":         {"description": "Year.", "schema": map[string]any{"type": "integer", "minimum": 0}},
	"verification": {"description": "Verification: a code of the vocabulary \"verification\".", "schema": map[string]any{"type": "string"}},
	"month":        {"description": "Month 1-12, with year (incidents known only to the year are in no month).", "schema": map[string]any{"type": "integer", "minimum": 1, "maximum": 12}},
	"quarter":      {"description": "Quarter 1-4, with year (reports).", "schema": map[string]any{"type": "integer", "minimum": 1, "maximum": 4}},
	"period": {"description": "all: every date (the whole years of the dated incidents) with the incidents whose date is unknown counted in a line of their own (date_unknown in the month and year breakdowns); instead of from, to and year.",
		"schema": map[string]any{"type": "string", "enum": []string{"all"}}, "example": "all"},
	"text":            {"description": "1 to add the free-text columns (filled only for roles that see identities).", "schema": map[string]any{"type": "string", "enum": []string{"0", "1"}}},
	"status":          {"description": "Case status: a code of the vocabulary \"case_status\".", "schema": map[string]any{"type": "string"}},
	"service":         {"description": "Perpetrators' service: a code of the vocabulary \"service\".", "schema": map[string]any{"type": "string"}},
	"cursor":          {"description": "next_cursor of the previous page.", "schema": map[string]any{"type": "string"}},
	"limit":           {"description": "Page size, 1-200 (default 50).", "schema": map[string]any{"type": "integer", "minimum": 0, "maximum": 200}},
	"unread":          {"description": "1 to list only unread notifications.", "schema": map[string]any{"type": "string", "enum": []string{"0", "1"}}},
	"all":             {"description": "1 to include inactive terms.", "schema": map[string]any{"type": "string", "enum": []string{"0", "1"}}},
	"country":         {"description": "ISO 3166-1 country code (default: the organisation's country, Kenya unless an administrator chose another).", "schema": map[string]any{"type": "string"}},
	"level":           {"description": "1 counties (default), 2 sub-counties.", "schema": map[string]any{"type": "integer", "enum": []int{1, 2}}},
	"parent":          {"description": "Code of the parent place.", "schema": map[string]any{"type": "string"}},
	"entity":          {"description": "Entity kind, e.g. incident.", "schema": map[string]any{"type": "string"}},
	"entity_id":       {"description": "Entity id.", "schema": map[string]any{"type": "string"}},
	"user_id":         {"description": "Acting user id.", "schema": map[string]any{"type": "string"}},
	"action":          {"description": "Action, e.g. create.", "schema": map[string]any{"type": "string"}},
	"from":            {"description": "Entries at or after (RFC 3339).", "schema": map[string]any{"type": "string", "format": "date-time"}},
	"to":              {"description": "Entries before (RFC 3339).", "schema": map[string]any{"type": "string", "format": "date-time"}},
	"k":               {"description": "Research extract: every combination of the quasi-identifiers' values is shared by at least k victims (5 to 100, default 5).", "schema": map[string]any{"type": "integer", "minimum": 5, "maximum": 100}},
	"qi":              {"description": "Research extract: quasi-identifiers, separated by commas, among county, sex, age_band, month, incident_type and service (default county,sex,age_band).", "schema": map[string]any{"type": "string"}},
	"type@extract":    {"description": "Incident type codes, separated by commas (any of them).", "schema": map[string]any{"type": "string"}},
	"strategy":        {"description": "Research extract: generalise (then suppress; the default) or suppress only.", "schema": map[string]any{"type": "string", "enum": []string{"generalise", "suppress"}}},
	"max_suppressed":  {"description": "Research extract: the percentage of rows (0 to 50, default 5) generalisation may leave to suppression before it stops.", "schema": map[string]any{"type": "number", "minimum": 0, "maximum": 50}},
	"format@extract":  {"description": "csv (default; an attachment, the note in the Haki-Extract-Note header) or json ({note, rows}).", "schema": map[string]any{"type": "string", "enum": []string{"csv", "json"}}},
	"from@period":     {"description": "First day of the period: YYYY-MM-DD, or YYYY-MM or YYYY for its first day (haki.ParsePeriod).", "schema": map[string]any{"type": "string"}},
	"to@period":       {"description": "Last day of the period: YYYY-MM-DD, or YYYY-MM or YYYY for its last day; default the end of from's day, month or year.", "schema": map[string]any{"type": "string"}},
	"before_id":       {"description": "Entries with a smaller id (next_cursor of the previous page).", "schema": map[string]any{"type": "integer"}},
	"profession":      {"description": "Profession code: doctor, clinical_officer, psychiatrist, psychologist, counsellor, lawyer, paralegal, social_worker, journalist, monitor.", "schema": map[string]any{"type": "string"}},
	"availability":    {"description": "Availability: available, limited or unavailable.", "schema": map[string]any{"type": "string"}},
	"scope":           {"description": "mine (default), delegated, team, case or all.", "schema": map[string]any{"type": "string", "enum": []string{"mine", "delegated", "team", "case", "all"}}},
	"case":            {"description": "Case id, with scope=case.", "schema": map[string]any{"type": "string"}},
	"institution":     {"description": "Station or unit id (reports).", "schema": map[string]any{"type": "string"}},
	"context":         {"description": "Context: a code of the vocabulary \"context\".", "schema": map[string]any{"type": "string"}},
	"sex":             {"description": "Victims' sex: a code of the vocabulary \"sex\".", "schema": map[string]any{"type": "string"}},
	"age_band":        {"description": "One age band of the report, e.g. 0-17, 18-34, 35+ or unknown.", "schema": map[string]any{"type": "string"}},
	"age_bands":       {"description": "Age band boundaries, e.g. 18,35 (the default).", "schema": map[string]any{"type": "string"}},
	"format":          {"description": "Report format: json (default), csv, xlsx or pdf.", "schema": map[string]any{"type": "string", "enum": []string{"json", "csv", "xlsx", "pdf"}}},
	"format@list":     {"description": "File format: csv (default), xlsx or json (an array of objects keyed by the column names, every value a string).", "schema": map[string]any{"type": "string", "enum": []string{"csv", "xlsx", "json"}}},
	"lang":            {"description": "Language of the labels: en (default) or sw.", "schema": map[string]any{"type": "string", "enum": []string{"en", "sw"}}},
	"kind@duplicates": {"description": "person or incident; both when absent.", "schema": map[string]any{"type": "string", "enum": []string{"person", "incident"}}},
	"days@duplicates": {"description": "Incidents at most this many days apart, 1 to 31 (7 when absent or 0).", "schema": map[string]any{"type": "integer", "minimum": 0, "maximum": 31}},
	"records":         {"description": "Builder: the records counted.", "schema": map[string]any{"type": "string", "enum": haki.BuilderRecords}},
	"dim1":            {"description": "Builder: the first breakdown (rows); which dimensions each records kind allows is in haki.BuilderDims.", "schema": map[string]any{"type": "string", "enum": builderDims()}},
	"dim2":            {"description": "Builder: an optional second breakdown (series).", "schema": map[string]any{"type": "string", "enum": builderDims()}},
	"measure":         {"description": "Builder: what is counted; default the records kind's first measure.", "schema": map[string]any{"type": "string", "enum": builderMeasures()}},
	"chart":           {"description": "Builder: bar (default) or stacked.", "schema": map[string]any{"type": "string", "enum": []string{haki.ChartBar, haki.ChartStacked}}},
	"service_type":    {"description": "Builder: a service type.", "schema": map[string]any{"type": "string", "enum": haki.ServiceTypes}},
	"provider":        {"description": "Builder: services given by staff or by the network.", "schema": map[string]any{"type": "string", "enum": haki.Providers}},
	"court":           {"description": "Builder: yes to count only cases with a court matter.", "schema": map[string]any{"type": "string", "enum": []string{"yes"}}},
	"use@evaluation":  {"description": "What the evaluation's report is for: care, litigation, sharing or research (a signed evaluation, allowed by the client and their consent), or draft (the evaluator's own draft).", "schema": map[string]any{"type": "string", "enum": []string{"draft", "care", "litigation", "sharing", "research"}}},
	"status@report":   {"description": "Report status: new, being_verified, verified, duplicate, rejected, or open for the first two.", "schema": map[string]any{"type": "string"}},
	"channel@report":  {"description": "How the report came: web, sms or ussd.", "schema": map[string]any{"type": "string", "enum": []string{"web", "sms", "ussd"}}},
	"assigned_to":     {"description": "A user id, me, or none for unassigned.", "schema": map[string]any{"type": "string"}},
	"channel":         {"description": "Outbox channel: email or sms.", "schema": map[string]any{"type": "string", "enum": []string{"email", "sms"}}},
	"purpose":         {"description": "Outbox purpose, e.g. reminder.", "schema": map[string]any{"type": "string"}},
	"who":             {"description": "Whose calendar: me (default), team, org, user:<id> or team:<id>.", "schema": map[string]any{"type": "string"}},
	"at":              {"description": "Recurrence id of an occurrence of a series (RFC 3339): its start as the rule gives it.", "schema": map[string]any{"type": "string", "format": "date-time"}},
	"kind":            {"description": "Timeline event kind (intake, assessment, consent, service, referral, legal_matter, hearing, evaluation, document, status, note, contact, appointment, task).", "schema": map[string]any{"type": "string"}},
	"status@task":     {"description": "Task status: open or done.", "schema": map[string]any{"type": "string", "enum": haki.TaskStatuses}},
	"status@outbox":   {"description": "Delivery status: queued, sending, sent, failed, cancelled or unknown.", "schema": map[string]any{"type": "string", "enum": []string{"queued", "sending", "sent", "failed", "cancelled", "unknown"}}},
}

var ops = map[string]op{
	"GET /api/v1/openapi.json": {summary: "This document.", resp: map[string]any{}},
	"GET /api/v1/me":           {summary: "The caller's account.", resp: haki.User{}},

	"GET /api/v1/notifications":            {summary: "The caller's own notifications, newest first: a referral, a task handed to them, a hearing in their matter, a client of theirs who missed a session. unread=1 keeps the unread.", query: []string{"unread", "limit"}, resp: listOf{haki.Notification{}}},
	"POST /api/v1/notifications/read":      {summary: "Mark every notification of the caller read.", resp: api.NoticesRead{}},
	"POST /api/v1/notifications/{id}/read": {summary: "Mark one of the caller's notifications read (another's is 404).", resp: haki.Notification{}},
	"GET /api/v1/me/notification-settings": {summary: "How the caller is told besides the list: email (to their account's address) and SMS (to phone).", resp: haki.NoticeSettings{}},
	"PUT /api/v1/me/time-zone":             {summary: "Choose the zone the caller reads times in: one of the offered IANA names, or \"\" for East Africa Time (Africa/Nairobi), the default. Pages, exports and PDFs then write times in it, labelled.", body: api.TimeZoneChange{}, resp: haki.User{}},
	"PUT /api/v1/me/notification-settings": {summary: "Choose email and SMS; sms needs phone, email an address on the account. Messages say only that something is waiting, never a client's name or detail.", body: haki.NoticeSettings{}, resp: haki.NoticeSettings{}},

	"GET /api/v1/incidents":              {summary: "List incidents the caller may see, newest first (redacted for researchers).", query: []string{"type", "county", "year", "verification", "cursor", "limit"}, resp: listOf{haki.Incident{}}},
	"POST /api/v1/incidents":             {summary: "Record an incident.", body: haki.Incident{}, resp: haki.Incident{}, status: "201"},
	"GET /api/v1/incidents/{id}":         {summary: "One incident.", resp: haki.Incident{}},
	"GET /api/v1/incidents/export.csv":   {summary: "The earlier address of GET /api/v1/incidents/export in CSV; it takes the same parameters.", query: []string{"type", "county", "year", "month", "verification", "text", "format@list"}, resp: map[string]any{}},
	"GET /api/v1/incidents/export":       {summary: "Every incident the caller may list that matches the filters, streamed as CSV, XLSX or JSON (format; an attachment): codes, dates and counts only; text=1 adds title, place, coordinates and narrative, empty for roles that do not see identities. Also takes the drill-down keys of a report figure. Audited as an export with its format and row count. XLSX holds at most 1,048,576 rows.", query: []string{"type", "county", "year", "month", "verification", "text", "format@list"}, resp: map[string]any{}},
	"GET /api/v1/persons/export":         {summary: "Every person the caller may see (county filters), streamed as CSV, XLSX or JSON (an attachment): reference, name (empty for roles that do not see identities), other names, sex, birth date or estimated age, county, occupation, deceased, created. Never ID numbers, phones, next of kin or notes. Audited as an export.", query: []string{"county", "format@list"}, resp: map[string]any{}},
	"GET /api/v1/cases/export":           {summary: "Every case the caller may see (status and intake year filter), streamed as CSV, XLSX or JSON (an attachment): reference, client reference and name, relation, intake date and channel, status, closure reason, sensitive, created. Never the summary. Audited as an export.", query: []string{"status", "year", "format@list"}, resp: map[string]any{}},
	"PUT /api/v1/incidents/{id}":         {summary: "Replace an incident; version must be the one read.", body: haki.Incident{}, resp: haki.Incident{}},
	"DELETE /api/v1/incidents/{id}":      {summary: "Delete an incident with its acts and sources."},
	"GET /api/v1/incidents/{id}/acts":    {summary: "An incident's acts with their involvements.", resp: listOf{haki.Act{}}},
	"GET /api/v1/incidents/{id}/sources": {summary: "An incident's sources.", resp: listOf{haki.Source{}}},
	"GET /api/v1/incidents/{id}/publication": {summary: "What the public portal shows of an incident: the summary for the public and, per victim of its acts, whether the name and age may be published (version 0: not published).",
		resp: haki.Publication{}},
	"PUT /api/v1/incidents/{id}/publication": {summary: "Publish an incident on the public portal, or change what it shows (data managers and administrators; the incident must be verified and publishable and its clients' publication consent given; version 0 for a first publication).",
		body: haki.Publication{}, resp: haki.Publication{}},
	"DELETE /api/v1/incidents/{id}/publication": {summary: "Take an incident off the public portal."},

	"GET /api/v1/public-reports": {summary: "Reports from the public in the triage queue (reports.triage): nothing in a row identifies anyone. status is new, being_verified, verified, duplicate, rejected or open (new and being verified); open ones come oldest first, the others newest first. assigned_to is a user id, me or none.",
		query: []string{"status@report", "assigned_to", "channel@report", "cursor", "limit"}, resp: listOf{haki.PublicReportRow{}}},
	"GET /api/v1/public-reports/{id}":           {summary: "A report from the public opened for triage, with its notes, its contact log and suggested duplicates (incidents and reports in the same county, dated within 3 days, by names in common). An identity read, audited.", resp: api.PublicReportJSON{}},
	"POST /api/v1/public-reports/{id}/assign":   {summary: "Give the report to a colleague who triages (user_id, me, or empty to unassign).", body: api.ReportAssignmentJSON{}},
	"POST /api/v1/public-reports/{id}/status":   {summary: "Move the report to new, being_verified, rejected (reason required, kept as a note) or duplicate (duplicate_of: the id or reference of another report or an incident). verified is set only by verifying the report.", body: api.ReportStatusJSON{}},
	"POST /api/v1/public-reports/{id}/notes":    {summary: "Write a note on the report (sealed).", body: api.ReportNoteJSON{}},
	"POST /api/v1/public-reports/{id}/contacts": {summary: "Log an attempt to reach the reporter: refused (422) when they asked not to be contacted or to be contacted another way.", body: api.ReportContactJSON{}},
	"POST /api/v1/public-reports/{id}/verify": {summary: "Verify a report from the public (data managers and administrators): into an incident in the records (incident_id) as a further source, or a new verified incident (incident) with its victims (victims: person_id or person, and act), and optionally a case through the intake (case: client_id or client_victim, client_relation, assessment); the report's words become the source's text; all or nothing.",
		body: api.VerificationJSON{}, resp: api.VerifiedJSON{}},
	"POST /api/v1/acts":                        {summary: "Add an act to an incident.", body: haki.Act{}, resp: haki.Act{}, status: "201"},
	"GET /api/v1/acts/{id}":                    {summary: "One act.", resp: haki.Act{}},
	"PUT /api/v1/acts/{id}":                    {summary: "Replace an act.", body: haki.Act{}, resp: haki.Act{}},
	"DELETE /api/v1/acts/{id}":                 {summary: "Delete an act."},
	"GET /api/v1/incidents/{id}/victim-groups": {summary: "An incident's groups of unnamed victims (\"about 30 protesters\"), each counted as count victims in every report; the description is left out for roles that do not see identities.", resp: listOf{haki.VictimGroup{}}},
	"POST /api/v1/victim-groups": {summary: "Add a group of unnamed victims to an incident: count 1-100000 (approx for \"about\"), sex (vocabulary sex, or mixed), age_band (0-17, 18-34, 35+, unknown or mixed), description (at most 2000 characters), act_type, method and victim_status as an act's. A mixed group's members count under sex and age band unknown.",
		body: haki.VictimGroup{}, resp: haki.VictimGroup{}, status: "201"},
	"GET /api/v1/victim-groups/{id}":    {summary: "One group of unnamed victims.", resp: haki.VictimGroup{}},
	"PUT /api/v1/victim-groups/{id}":    {summary: "Replace a group of unnamed victims; version is the one read.", body: haki.VictimGroup{}, resp: haki.VictimGroup{}},
	"DELETE /api/v1/victim-groups/{id}": {summary: "Delete a group of unnamed victims."},
	"POST /api/v1/victim-groups/{id}/replace": {summary: "A named person takes the place of one member of the group, in one transaction: the group's count goes down by one (the group is deleted at none), and the person's act (the group's act type, method and victim status) is created and returned; both audited. The totals of every report stay the same.",
		body: api.GroupReplacement{}, resp: haki.Act{}, status: "201"},
	"POST /api/v1/involvements":        {summary: "Add a perpetrator's involvement to an act.", body: haki.Involvement{}, resp: haki.Involvement{}, status: "201"},
	"GET /api/v1/involvements/{id}":    {summary: "One involvement.", resp: haki.Involvement{}},
	"PUT /api/v1/involvements/{id}":    {summary: "Replace an involvement.", body: haki.Involvement{}, resp: haki.Involvement{}},
	"DELETE /api/v1/involvements/{id}": {summary: "Delete an involvement."},
	"POST /api/v1/sources":             {summary: "Add a source to an incident.", body: haki.Source{}, resp: haki.Source{}, status: "201"},
	"GET /api/v1/sources/{id}":         {summary: "One source.", resp: haki.Source{}},
	"PUT /api/v1/sources/{id}":         {summary: "Replace a source.", body: haki.Source{}, resp: haki.Source{}},
	"DELETE /api/v1/sources/{id}":      {summary: "Delete a source."},

	"GET /api/v1/persons":              {summary: "List persons by county. A q parameter is refused: names never go in URLs; use POST /api/v1/persons/search.", query: []string{"county", "cursor", "limit"}, resp: listOf{haki.Person{}}},
	"POST /api/v1/persons/search":      {summary: "Find persons by words of a name, a reference or an ID number.", body: api.PersonSearch{}, resp: listOf{haki.Person{}}},
	"GET /api/v1/persons/{id}/records": {summary: "The incidents (with the person's part: victim or source) and cases a person is in, those the caller may see.", resp: haki.PersonRecords{}},
	"POST /api/v1/pick/persons":        {summary: "Record picker: up to 10 persons the caller may see matching part of a name, an ID or phone number or part of a reference.", body: api.PickSearch{}, resp: listOf{haki.Person{}}},
	"POST /api/v1/pick/incidents":      {summary: "Record picker: up to 10 incidents the caller may see matching a reference or part of one, words of the place or title, or a victim's name, ID or phone number.", body: api.PickSearch{}, resp: listOf{haki.Incident{}}},
	"POST /api/v1/pick/cases":          {summary: "Record picker: up to 10 cases the caller may see matching a reference or part of one, or the client's name, ID or phone number.", body: api.PickSearch{}, resp: listOf{haki.Case{}}},
	"POST /api/v1/persons":             {summary: "Record a person. 409 when a person the caller sees has the same national ID number or phone, or a name spelled alike with the same sex and a birth year within one: the message names their reference; send duplicate_ok: true once it is someone else.", body: haki.Person{}, resp: haki.Person{}, status: "201"},
	"GET /api/v1/persons/{id}":         {summary: "One person.", resp: haki.Person{}},
	"PUT /api/v1/persons/{id}":         {summary: "Replace a person.", body: haki.Person{}, resp: haki.Person{}},
	"DELETE /api/v1/persons/{id}":      {summary: "Delete a person who is in no act, source or case."},
	"GET /api/v1/persons/{id}/export":  {summary: "Everything held about a person, for their access request (audited).", resp: haki.PersonExport{}},

	"GET /api/v1/cases":         {summary: "List cases the caller may see.", query: []string{"status", "year", "cursor", "limit"}, resp: listOf{api.CaseJSON{}}},
	"POST /api/v1/cases":        {summary: "Open a case.", body: api.CaseJSON{}, resp: api.CaseJSON{}, status: "201"},
	"GET /api/v1/cases/{id}":    {summary: "One case.", resp: api.CaseJSON{}},
	"PUT /api/v1/cases/{id}":    {summary: "Replace a case.", body: api.CaseJSON{}, resp: api.CaseJSON{}},
	"DELETE /api/v1/cases/{id}": {summary: "Delete a case."},
	"POST /api/v1/intakes": {summary: "A whole intake in one transaction: the client (client_id or new_client), incidents (incident_ids and/or new_incident), consents, assessment and the case; nothing is written if any part is refused.",
		body: api.IntakeJSON{}, resp: api.CaseJSON{}, status: "201"},
	"GET /api/v1/cases/{id}/consents":     {summary: "The case client's consent decisions: the one in force per purpose and the history, newest first.", resp: api.ConsentsJSON{}},
	"POST /api/v1/cases/{id}/consents":    {summary: "Record a consent decision (a guardian's for a client under 18).", body: api.ConsentJSON{}, resp: api.ConsentJSON{}, status: "201"},
	"GET /api/v1/cases/{id}/assessments":  {summary: "The case's risk and protection assessments, the one in force first.", resp: listOf{api.AssessmentJSON{}}},
	"POST /api/v1/cases/{id}/assessments": {summary: "Record a new risk and protection assessment; it is in force from now on.", body: api.AssessmentJSON{}, resp: api.AssessmentJSON{}, status: "201"},
	"GET /api/v1/cases/{id}/timeline":     {summary: "The case's timeline, newest first; kind keeps one kind of event.", query: []string{"kind"}, resp: listOf{haki.CaseEvent{}}},
	"POST /api/v1/cases/{id}/notes":       {summary: "Write a note on the case's timeline (network professionals too, on cases assigned to them).", body: api.NoteJSON{}, resp: haki.CaseEvent{}, status: "201"},
	"POST /api/v1/cases/{id}/status":      {summary: "Move the case to another status; closing needs closure_reason, reopening a reason.", body: api.StatusChangeJSON{}, resp: api.CaseJSON{}},

	"GET /api/v1/cases/{id}/stories":                    {summary: "The stories written on the case for the public portal, oldest first, each with whether its current version is approved (published), whether the client's publication consent is given (consent) and whether the public sees it now (on_portal).", resp: listOf{haki.Story{}}},
	"POST /api/v1/cases/{id}/stories":                   {summary: "Write a story for publication (title, body); it is not published until a data manager or administrator approves it.", body: api.StoryJSON{}, resp: haki.Story{}, status: "201"},
	"GET /api/v1/cases/{id}/stories/{story}":            {summary: "One story of the case.", resp: haki.Story{}},
	"PUT /api/v1/cases/{id}/stories/{story}":            {summary: "Replace a story's title and text (version read); a published story leaves the portal until approved again.", body: api.StoryJSON{}, resp: haki.Story{}},
	"DELETE /api/v1/cases/{id}/stories/{story}":         {summary: "Delete a story that is not published (version: the version read).", query: []string{"version"}},
	"POST /api/v1/cases/{id}/stories/{story}/publish":   {summary: "Approve the version read of a story for the public portal (data managers and administrators; the client's publication consent must be given, no override); the first publication gives it its public reference STORY-year-number.", body: api.StoryVersionJSON{}, resp: haki.Story{}},
	"POST /api/v1/cases/{id}/stories/{story}/unpublish": {summary: "Take a story off the public portal; its text and public reference stay."},
	"GET /api/v1/cases/{id}/evaluations":                {summary: "The case's medico-legal evaluations, newest examination first, without their content; restricted says whether the caller may open one (its evaluator and staff granted clinical access may).", resp: listOf{api.EvaluationJSON{}}},
	"POST /api/v1/cases/{id}/evaluations":               {summary: "Open a draft evaluation of the case (Istanbul Protocol); the caller, who must be linked to a doctor, clinical officer, psychiatrist or psychologist of the network directory, is its evaluator. kind: physical, psychological or both; findings' opinion and overall_level: not_consistent, consistent, highly_consistent, typical, diagnostic; uses: care, litigation, sharing, research.", body: api.EvaluationInJSON{}, resp: api.EvaluationJSON{}, status: "201"},
	"GET /api/v1/evaluations/{id}":                      {summary: "One evaluation: its content and addenda for its evaluator and staff granted clinical access, otherwise restricted: true with the header only (day, evaluator, state). Every reading of the content is audited.", resp: api.EvaluationJSON{}},
	"PUT /api/v1/evaluations/{id}":                      {summary: "Replace a draft's content (evaluator only; version: the version read, 409 when it was saved elsewhere meanwhile). A signed evaluation never changes (409): add an addendum.", body: api.EvaluationInJSON{}, resp: api.EvaluationJSON{}},
	"POST /api/v1/evaluations/{id}/sign":                {summary: "Sign the draft at version with a fresh code from the evaluator's authenticator (code); 422 lists what is missing (consent to the examination, account, opinions on every finding and overall). The content's SHA-256 is kept as hash.", body: api.SignJSON{}, resp: api.EvaluationJSON{}},
	"POST /api/v1/evaluations/{id}/addenda":             {summary: "Add a signed correction or addition (reason, text, code: a fresh authenticator code) to a signed evaluation; each addendum's hash chains it to the one before.", body: api.AddendumJSON{}, resp: haki.Addendum{}, status: "201"},
	"GET /api/v1/instruments":                           {summary: "The scored instruments in use for evaluations: the built-in PHQ-9 and the latest version of each one an administrator added.", resp: listOf{haki.Instrument{}}},
	"POST /api/v1/instruments":                          {summary: "Add a scored instrument, or a new version of one, from its definition (administrators; items, answers, scoring \"sum\", bands covering every total, optional flags; see docs/EVALUATIONS.md). Only instruments whose licence allows it.", body: haki.Instrument{}, resp: haki.Instrument{}, status: "201"},
	"PUT /api/v1/evaluations/{id}/matter":               {summary: "Make the evaluation an exhibit in a legal matter of its case (matter_id; empty to unlink): the client must have allowed its use in litigation and given litigation consent.", body: api.MatterLinkJSON{}},
	"GET /api/v1/evaluations/{id}/forms/{form}":         {summary: "One clinical form of the evaluation alone as a PDF (form: p3, the police medical examination report; prc, the post-rape care form MOH 363): every field in the form's own order of sections, blank ones marked, unconfirmed sections noted, for copying onto or attaching to the paper form. The same uses, checks, audit and signature as the report.", query: []string{"use@evaluation", "lang"}, resp: map[string]any{}},
	"GET /api/v1/evaluations/{id}/report.pdf":           {summary: "The medico-legal report as a PDF (application/pdf, as an attachment named after the case reference and the day, never a name) in the Istanbul Protocol's outline, lang en or sw: for a use of a signed evaluation it carries the organisation's digital signature (pdfsig, haki evaluation verify); use=draft prints the evaluator's own draft, marked and unsigned. 403 without clinical access or a use the client did not allow, 409 when not signed, 422 with the reason when the consent is missing. Audited as an export; each photograph printed gets a line in its chain of custody.", query: []string{"use@evaluation", "lang"}, resp: map[string]any{}},

	"GET /api/v1/institutions":         {summary: "List perpetrator institutions.", query: []string{"service", "county"}, resp: listOf{haki.Institution{}}},
	"POST /api/v1/institutions":        {summary: "Add an institution.", body: haki.Institution{}, resp: haki.Institution{}, status: "201"},
	"GET /api/v1/institutions/{id}":    {summary: "One institution.", resp: haki.Institution{}},
	"PUT /api/v1/institutions/{id}":    {summary: "Replace an institution.", body: haki.Institution{}, resp: haki.Institution{}},
	"DELETE /api/v1/institutions/{id}": {summary: "Delete an institution no involvement refers to."},

	"GET /api/v1/vocabularies":                {summary: "The names of the controlled vocabularies.", resp: listOf{""}},
	"GET /api/v1/vocabularies/{vocab}":        {summary: "A vocabulary's terms.", query: []string{"all"}, resp: listOf{haki.Term{}}},
	"POST /api/v1/vocabularies/{vocab}":       {summary: "Add a term.", body: api.TermInput{}, resp: haki.Term{}, status: "201"},
	"PUT /api/v1/vocabularies/{vocab}/{code}": {summary: "Change a term's labels, order or whether it is offered.", body: api.TermInput{}, resp: haki.Term{}},
	"GET /api/v1/places":                      {summary: "Places of the gazetteer.", query: []string{"country", "level", "parent"}, resp: listOf{haki.Place{}}},

	"GET /api/v1/users":                   {summary: "List accounts.", resp: listOf{haki.User{}}},
	"POST /api/v1/users":                  {summary: "Add an account.", body: api.NewUser{}, resp: haki.User{}, status: "201"},
	"GET /api/v1/users/{id}":              {summary: "One account.", resp: haki.User{}},
	"PUT /api/v1/users/{id}":              {summary: "Change an account.", body: api.UserChange{}, resp: haki.User{}},
	"GET /api/v1/teams":                   {summary: "List teams.", resp: listOf{haki.Team{}}},
	"POST /api/v1/teams":                  {summary: "Add a team.", body: api.NewTeam{}, resp: haki.Team{}, status: "201"},
	"GET /api/v1/retention":               {summary: "The retention periods and, for each record type, what is past its period now, how much a legal hold keeps and what a run would do (anonymise, delete or report): the dry run.", resp: listOf{haki.RetentionDue{}}},
	"PUT /api/v1/retention/{record_type}": {summary: "Set a record type's retention period, 1 to 100 years (audited); answers the periods as GET does.", body: api.RetentionPeriod{}, resp: listOf{haki.RetentionDue{}}},
	"POST /api/v1/retention/run":          {summary: "Anonymise and delete what is past its period, except what a legal hold or an open legal matter keeps, in one transaction (audited); confirm must be true; dry_run only reports. Report figures stay counted.", body: api.RetentionRun{}, resp: listOf{haki.RetentionDue{}}},
	"GET /api/v1/audit":                   {summary: "Read the audit log, newest first.", query: []string{"entity", "entity_id", "user_id", "action", "from", "to", "before_id", "limit"}, resp: listOf{haki.AuditEntry{}}},
	"POST /api/v1/evidence":               {summary: "Attach a file to an incident or a case: multipart/form-data with the parts owner_kind (incident or case), owner_id, kind, description, clinical (\"1\" for a photograph of a medico-legal evaluation: a file of a case seen only by its uploader and staff granted clinical access; clinicians only) and, last, file. The type is decided by the content (images, PDF, audio, video, plain text); 413 over the size limit, before the body is read.", resp: haki.Evidence{}, status: "201", upload: true},
	"GET /api/v1/evidence/{id}":           {summary: "One evidence file's record and chain of custody; the view is recorded in it.", resp: api.EvidenceRecord{}},
	"POST /api/v1/evidence/{id}/download": {summary: "The decrypted file (application/octet-stream or its checked type, as an attachment), after its SHA-256 is checked; the reason is recorded in the chain of custody.", body: api.DownloadRequest{}, resp: map[string]any{}},
	"GET /api/v1/audit/reads":             {summary: "For a suspected breach: the persons whose identifying data each account saw (views, and records it created or changed) from from to to, by account then time.", query: []string{"from", "to", "user_id"}, resp: listOf{store.IdentityRead{}}},

	"GET /api/v1/professionals":           {summary: "The directory of network professionals by name, of a county, profession or availability. A q parameter is refused: use POST /api/v1/professionals/search.", query: []string{"county", "profession", "availability", "cursor", "limit"}, resp: listOf{api.ProfessionalJSON{}}},
	"POST /api/v1/professionals/search":   {summary: "Find professionals by the words of their name (spelled roughly alike, in any order) or their licence number, through the blind index, with the same filters.", body: api.ProfessionalSearch{}, resp: listOf{api.ProfessionalJSON{}}},
	"POST /api/v1/professionals":          {summary: "Add a professional to the directory (name, licence number, phone and email are sealed).", body: api.ProfessionalJSON{}, resp: api.ProfessionalJSON{}, status: "201"},
	"GET /api/v1/professionals/{id}":      {summary: "One professional with their engagements: services delivered, sessions, referrals received and the cost in KES.", resp: api.ProfessionalJSON{}},
	"PUT /api/v1/professionals/{id}":      {summary: "Replace a professional; version must be the one read.", body: api.ProfessionalJSON{}, resp: api.ProfessionalJSON{}},
	"GET /api/v1/network/coverage":        {summary: "Per county and profession, how many professionals are available (and of limited availability); a county with 0 available has nobody.", resp: haki.Coverage{}},
	"GET /api/v1/partners":                {summary: "Partner institutions (hospitals, IPOA, KNCHR, legal aid, shelters).", resp: listOf{haki.Partner{}}},
	"POST /api/v1/partners":               {summary: "Add a partner institution.", body: haki.Partner{}, resp: haki.Partner{}, status: "201"},
	"GET /api/v1/partners/{id}":           {summary: "One partner institution.", resp: haki.Partner{}},
	"PUT /api/v1/partners/{id}":           {summary: "Replace a partner institution.", body: haki.Partner{}, resp: haki.Partner{}},
	"GET /api/v1/cases/{id}/services":     {summary: "The services delivered on a case, latest first (a group session shows only this case's share).", resp: listOf{api.ServiceJSON{}}},
	"POST /api/v1/services":               {summary: "Record a service on a case; attendee_case_ids makes it a group session, one service per attendee's case sharing the cost. A network professional who names no provider delivered it.", body: api.ServiceJSON{}, resp: api.ServiceJSON{}, status: "201"},
	"GET /api/v1/services/{id}":           {summary: "One service.", resp: api.ServiceJSON{}},
	"PUT /api/v1/services/{id}":           {summary: "Replace a service (network professionals: only those they recorded).", body: api.ServiceJSON{}, resp: api.ServiceJSON{}},
	"DELETE /api/v1/services/{id}":        {summary: "Delete a service (network professionals: only those they recorded)."},
	"GET /api/v1/cases/{id}/referrals":    {summary: "The referrals of a case, latest first, each with overdue.", resp: listOf{api.ReferralJSON{}}},
	"POST /api/v1/referrals":              {summary: "Refer the client of a case to a network professional (needs care consent; assigns a professional who has an account to the case) or a partner institution (needs sharing consent). Without consent 422 errors.consent; an administrator may send override_reason.", body: api.ReferralJSON{}, resp: api.ReferralJSON{}, status: "201"},
	"GET /api/v1/referrals/overdue":       {summary: "Referrals still sent or accepted past their due date, of the cases the caller may see.", resp: listOf{api.ReferralJSON{}}},
	"GET /api/v1/referrals/{id}":          {summary: "One referral.", resp: api.ReferralJSON{}},
	"POST /api/v1/referrals/{id}/respond": {summary: "Answer a referral (the professional it was sent to, or the case's managers): accept or decline a sent one, complete an open one; declining takes back the assignment it made.", body: api.ReferralResponseJSON{}, resp: api.ReferralJSON{}},
	"POST /api/v1/cases/{id}/evidence":    {summary: "Attach a document to a case the caller works on (network professionals included): multipart/form-data with the parts kind, description, clinical (\"1\": a clinician's photograph for an evaluation, seen only by them and staff granted clinical access) and, last, file.", resp: haki.Evidence{}, status: "201", upload: true},

	"GET /api/v1/cases/{id}/matters":                                    {summary: "The legal matters of a case, newest first, with their accused.", resp: listOf{api.MatterJSON{}}},
	"POST /api/v1/cases/{id}/matters":                                   {summary: "Add a legal matter to a case. Needs the client's litigation consent: without it 422 errors.consent; an administrator may send override_reason (15+ characters, audited). accused_ids are involvements of the case's incidents.", body: api.MatterJSON{}, resp: api.MatterJSON{}, status: "201"},
	"GET /api/v1/matters/{matter}":                                      {summary: "One legal matter.", resp: api.MatterJSON{}},
	"PUT /api/v1/matters/{matter}":                                      {summary: "Replace a legal matter (outcome: conviction needs sentence, compensation needs compensation_kes); version must be the one read.", body: api.MatterJSON{}, resp: api.MatterJSON{}},
	"GET /api/v1/matters/{matter}/hearings":                             {summary: "The hearings of a matter, latest first.", resp: listOf{api.HearingJSON{}}},
	"POST /api/v1/matters/{matter}/hearings":                            {summary: "Add a hearing (starts_at an RFC 3339 instant; court defaults to the matter's).", body: api.HearingJSON{}, resp: api.HearingJSON{}, status: "201"},
	"GET /api/v1/hearings/{hearing}":                                    {summary: "One hearing.", resp: api.HearingJSON{}},
	"PUT /api/v1/hearings/{hearing}":                                    {summary: "Replace a hearing, e.g. to record what happened and the next date.", body: api.HearingJSON{}, resp: api.HearingJSON{}},
	"GET /api/v1/cases/{id}/appointments":                               {summary: "The appointments of a case, latest first, with participants and attendance.", query: []string{"limit"}, resp: listOf{haki.CalendarEvent{}}},
	"POST /api/v1/cases/{id}/appointments":                              {summary: "Schedule an appointment with the case's client (subtype counselling, medical_review, statement_recording or legal_consultation); the caller and any colleague listed in participants (user_id) take part.", body: haki.CalendarEvent{}, resp: haki.CalendarEvent{}, status: "201"},
	"GET /api/v1/appointments/{appointment}":                            {summary: "One appointment with its participants.", resp: haki.CalendarEvent{}},
	"PUT /api/v1/appointments/{appointment}":                            {summary: "Change an appointment's time, place, type or notes.", body: haki.CalendarEvent{}, resp: haki.CalendarEvent{}},
	"PUT /api/v1/appointments/{appointment}/participants/{participant}": {summary: "Mark a participant's attendance. A client's missed appointment gives the caseworker a follow-up task due the next working day.", body: api.AttendanceJSON{}, resp: haki.Participant{}},
	"GET /api/v1/cases/{id}/contact-attempts":                           {summary: "The contact attempts of a case, newest first.", query: []string{"limit"}, resp: listOf{haki.ContactAttempt{}}},
	"POST /api/v1/cases/{id}/contact-attempts":                          {summary: "Log a contact attempt. A call or text the assessment in force does not allow (or with no assessment) is 422 errors.method, unless the outcome is not_attempted_unsafe.", body: haki.ContactAttempt{}, resp: haki.ContactAttempt{}, status: "201"},
	"GET /api/v1/cases/{id}/dropout":                                    {summary: "Whether the case is at risk of dropping out now, and why.", resp: haki.DropoutRisk{}},
	"GET /api/v1/follow-ups":                                            {summary: "The cases the caller may see at risk of dropping out, longest without contact first, with their safe-contact rules.", query: []string{"limit"}, resp: listOf{api.FollowUpJSON{}}},
	"GET /api/v1/settings/dropout":                                      {summary: "The drop-out rules.", resp: haki.DropoutRules{}},
	"PUT /api/v1/settings/dropout":                                      {summary: "Set the drop-out rules (administrators); version must be the one read.", body: haki.DropoutRules{}, resp: haki.DropoutRules{}},
	"GET /api/v1/tasks":                                                 {summary: "Tasks of a scope: mine (default), delegated, team, case (with case) or all, soonest due first; status open or done keeps one status.", query: []string{"scope", "case", "status@task", "cursor", "limit"}, resp: listOf{api.TaskJSON{}}},
	"POST /api/v1/tasks":                                                {summary: "Write a task for a colleague (assignee_user_id) or a team (assignee_team_id), on a case the caller may see or none.", body: api.TaskJSON{}, resp: api.TaskJSON{}, status: "201"},
	"GET /api/v1/tasks/{task}":                                          {summary: "One task.", resp: api.TaskJSON{}},
	"PUT /api/v1/tasks/{task}":                                          {summary: "Replace a task; version must be the one read.", body: api.TaskJSON{}, resp: api.TaskJSON{}},
	"POST /api/v1/tasks/{task}/done":                                    {summary: "Mark a task done.", resp: api.TaskJSON{}},
	"POST /api/v1/tasks/{task}/delegate":                                {summary: "Hand an open task to another colleague with a note; it stays in the delegator's delegated list.", body: haki.Delegation{}, resp: api.TaskJSON{}},

	"GET /api/v1/reports": {summary: "The standard reports this API computes.", query: []string{"lang"}, resp: listOf{api.ReportInfoJSON{}}},
	"GET /api/v1/reports/{name}": {summary: "A standard report (executions or torture; executions.csv, .xlsx, .pdf or .json for a file) for the period from..to (YYYY-MM-DD, YYYY-MM or YYYY), or a year narrowed to a quarter or a month, and filters, as `haki report --format json` writes it; small cells hidden for researchers and viewers; audited as an export. period=all covers every date: the incidents whose date is unknown are counted, in the row date_unknown of the breakdowns by month and year; a report of a period counts none of them and gives in undated (counted false) those that may fall in it (unknown, or before or after a year the period reaches). The executions report breaks down by year and by incident_type (an incident in each of its types) too.",
		query: []string{"period", "from@period", "to@period", "year", "quarter", "month", "county", "type", "service", "institution", "context", "sex", "age_band", "age_bands", "format", "lang"}, resp: haki.Report{}},
	// The report builder, saved queries and indicators (builder.go, indicator.go).
	"GET /api/v1/builder": {summary: "Run a builder query: records (incidents, victims, persons_served, services, cases, evaluations, findings), dim1, dim2, measure, from..to (empty: all time) and filters, all codes from fixed lists; an unknown name is a 422. Small cells hidden for researchers and viewers.",
		query: []string{"records", "dim1", "dim2", "measure", "chart", "from@period", "to@period", "county", "type", "context", "service", "sex", "age_band", "age_bands", "service_type", "provider", "profession", "status", "court"}, resp: api.BuilderResultJSON{}},
	"GET /api/v1/research-extract": {summary: "The de-identified research extract: one row per victim of an act in from..to, codes only (month, incident types, county, sex, age band, act type, victim status, method, perpetrators' services, context, verification); no id, name, exact date, place below the county, officer or free text. k-anonymous on the quasi-identifiers qi: generalised (county to region to any, age band to under 18 or adult to any, month to quarter to year to any, others to any) then the rows of smaller classes suppressed; the note says what was done and what it cost. Researchers, data managers and administrators; audited as an export.",
		query: []string{"from@period", "to@period", "type@extract", "county", "k", "qi", "strategy", "max_suppressed", "format@extract"}, resp: api.ExtractJSON{}},
	"POST /api/v1/batch": {summary: "Write many incidents, each with its persons, acts, involvements (with outcomes) and sources, in one transaction. Every record carries the caller's external id, kept under system: running the same batch again updates what changed and leaves the rest (\"unchanged\"), never duplicating. A person's external id names the same person across the system's incidents; an act's, involvement's or source's is within its incident and defaults to its position. At most 5,000 incidents (and 500 parts of each kind per incident) and 64 MiB per request. All or nothing by default: one rejected row and nothing is written (422 with the result); valid_only=1 writes the valid rows and reports the others; dry_run=1 checks everything and writes nothing. The same checks as the single-record routes (vocabularies, places, verification duty). Administrators and data managers; audited once per batch with its counts.",
		query: []string{"dry_run", "valid_only"}, body: haki.Batch{}, resp: haki.BatchResult{}, refused: haki.BatchResult{}, maxBody: api.MaxBatchBodyBytes},
	"GET /api/v1/exchange": {summary: "The verified incidents the caller may see, with their acts, persons, involvements (with outcomes) and sources, as a signed exchange document for another Haki instance of the coalition: format haki-exchange/1; instance, this instance's identity (the first 16 bytes of the SHA-256 of its signing key, hex); the batch (system haki:<instance>, external ids the record ids, so a re-import updates); certificate and signature (ECDSA P-256, SHA-256, over the document without them). A person's identity is carried only with their sharing consent; otherwise sex, estimated age, county and whether they died. Publishable is never carried; nor the station or unit. Audited as an export with its counts.",
		resp: haki.Exchange{}},
	"POST /api/v1/exchange": {summary: "Import an exchange document from another instance: trust names the instances (comma-separated identities) whose documents the caller accepts; a document from another, or whose signature does not verify, is refused. Its batch is written as POST /api/v1/batch writes one (dry_run, valid_only, 422 with the result when all or nothing fails), under the sending instance's system: a later exchange updates.",
		query: []string{"trust", "dry_run", "valid_only"}, body: haki.Exchange{}, resp: haki.BatchResult{}, refused: haki.BatchResult{}},
	"GET /api/v1/saved-reports":             {summary: "The saved builder queries the caller sees: their own, their team's shared with the team, and those shared with everyone.", resp: listOf{api.SavedReportJSON{}}},
	"POST /api/v1/saved-reports":            {summary: "Save a builder query (query: its query string) with a name, shared private, team or everyone.", body: api.SavedReportJSON{}, resp: api.SavedReportJSON{}, status: "201"},
	"GET /api/v1/saved-reports/{saved}":     {summary: "A saved query the caller sees; href runs it.", resp: api.SavedReportJSON{}},
	"DELETE /api/v1/saved-reports/{saved}":  {summary: "Delete a saved query: the owner's, or any an administrator sees (audited)."},
	"GET /api/v1/indicators":                {summary: "Every indicator with its value over its period, the target reached in percent; small values hidden for researchers and viewers.", resp: listOf{api.IndicatorJSON{}}},
	"POST /api/v1/indicators":               {summary: "Define an indicator: name, measure (survivors_served, services, incidents, victims, cases_in_court, cases_registered), optional service_type, incident_type, county, target, from, to (administrators and data managers; audited).", body: api.IndicatorJSON{}, resp: api.IndicatorJSON{}, status: "201"},
	"GET /api/v1/indicators/{indicator}":    {summary: "One indicator.", resp: api.IndicatorJSON{}},
	"PUT /api/v1/indicators/{indicator}":    {summary: "Replace an indicator; version must be the one read (administrators and data managers; audited).", body: api.IndicatorJSON{}, resp: api.IndicatorJSON{}},
	"DELETE /api/v1/indicators/{indicator}": {summary: "Delete an indicator (administrators and data managers; audited)."},

	"GET /api/v1/feeds":                     {summary: "The caller's calendar subscription links, live ones first; never their tokens.", resp: listOf{api.FeedJSON{}}},
	"POST /api/v1/feeds":                    {summary: "Make a secret link to the caller's calendar (scope user) or a team's they may see (scope team, team_id); token and path are in this answer only.", body: api.FeedCreate{}, resp: api.FeedJSON{}, status: "201"},
	"POST /api/v1/feeds/{feed}/revoke":      {summary: "Revoke one of the caller's links: it answers 404 from now on."},
	"GET /api/v1/outbox":                    {summary: "Delivery records of the outbox, newest first (administrators); never recipients or content. status is queued, sending, sent, failed, cancelled or unknown.", query: []string{"status@outbox", "channel", "purpose", "cursor", "limit"}, resp: listOf{api.OutboxEntryJSON{}}},
	"POST /api/v1/outbox/{message}/requeue": {summary: "Send again a message whose delivery is unknown or that failed, while its content is kept (administrators; audited)."},
	"GET /api/v1/events/{event}/reminders":  {summary: "The reminders of an event or hearing the caller may see, with their delivery status.", resp: listOf{store.EventReminder{}}},
	// Calendars and diaries.
	"GET /api/v1/calendar": {summary: "The occurrences of a calendar in [from, to), series expanded, hearings included; who is me (default), team, org, user:<id> or team:<id>; kind a comma-separated list; entries the caller may not see come busy (kind and times only).",
		query: []string{"from", "to", "who", "kind", "case"}, resp: listOf{haki.Occurrence{}}},
	"POST /api/v1/events":                    {summary: "Put an event, or with rrule a series, on a calendar; double bookings come back as warnings (clashes), never a refusal.", body: haki.CalendarEvent{}, resp: api.EventSavedJSON{}, status: "201"},
	"POST /api/v1/events/clashes":            {summary: "The double bookings an event would make, saving nothing.", body: haki.CalendarEvent{}, resp: listOf{haki.Clash{}}},
	"GET /api/v1/events/{event}":             {summary: "One event, or with at one occurrence of a series.", query: []string{"at"}, resp: haki.CalendarEvent{}},
	"PUT /api/v1/events/{event}":             {summary: "Replace an event or a whole series (version read); with at, change one occurrence alone.", query: []string{"at"}, body: haki.CalendarEvent{}, resp: api.EventSavedJSON{}},
	"POST /api/v1/events/{event}/cancel":     {summary: "Cancel an event or a whole series (version), or one occurrence (at).", body: api.CancelJSON{}, resp: haki.CalendarEvent{}},
	"POST /api/v1/events/{event}/attendance": {summary: "Mark whether a participant came, to an event or one occurrence (at); a client's miss gives a follow-up task and counts toward drop-out.", body: api.OccurrenceAttendanceJSON{}, resp: haki.Participant{}},
	"GET /api/v1/diary":                      {summary: "The caller's own diary notes of the days from..to (dates, default today).", query: []string{"from", "to"}, resp: listOf{haki.DiaryNote{}}},
	"POST /api/v1/diary":                     {summary: "Add a short note to the caller's diary.", body: haki.DiaryNote{}, resp: haki.DiaryNote{}, status: "201"},
	"GET /api/v1/diary/{note}":               {summary: "One of the caller's diary notes.", resp: haki.DiaryNote{}},
	"PUT /api/v1/diary/{note}":               {summary: "Replace one of the caller's diary notes; version must be the one read.", body: haki.DiaryNote{}, resp: haki.DiaryNote{}},
	"DELETE /api/v1/diary/{note}":            {summary: "Delete one of the caller's diary notes."},
	"GET /api/v1/duplicates": {summary: "Candidate duplicate pairs of persons and incidents the caller may see, strongest first (at most limit), with a score and the reasons: persons sharing a national ID number or phone (by blind index), or names alike in any order, spelling or with initials, with sex and birth year; incidents of one county at most days apart, with the same number of victims, victims in common, place names or wording alike. Pairs dismissed as not duplicates and merged records are left out. Data managers and administrators.",
		query: []string{"kind@duplicates", "county", "days@duplicates", "limit"}, resp: listOf{haki.DuplicatePair{}}},
	"GET /api/v1/duplicates/{kind}/{first}/{second}": {summary: "Two persons (kind person) or two incidents (kind incident) side by side: each mergeable field of both and whether they differ, with the pair's score and reasons. A record the caller may not see, or merged already, is not found; opening names is audited as a view.", resp: api.CompareJSON{}},
	"POST /api/v1/duplicates/dismiss":                {summary: "Record that two persons or two incidents are not duplicates, so the pair is not proposed again (audited).", body: api.DismissJSON{}},
	"POST /api/v1/merges": {summary: "Merge merged_id into survivor_id (kind person or incident) in one transaction: every act, source, case link, consent, evidence and public report of the merged record moves to the survivor, which takes the fields listed in take from the merged record (persons: full_name, sex, birth_date, estimated_age, national_id, phone, county_code, occupation, disability, next_of_kin, deceased, notes; incidents: title, occurred, county_code, place_name, coordinates, context, narrative, verification) and keeps the rest; a person keeps the merged person's names as other names, an incident the types of both. The merged record stays as a tombstone: reading it answers 404 with the survivor's reference; lists and reports leave it out. survivor_version and merged_version, when given, must be the versions compared (409 otherwise). Audited.",
		body: haki.MergeRequest{}, resp: haki.Merge{}, status: "201"},
	"GET /api/v1/merges/{merge}":       {summary: "A merge: the two records, the fields taken, the rows moved by table, and its undo if undone.", resp: haki.Merge{}},
	"POST /api/v1/merges/{merge}/undo": {summary: "Undo a merge: the rows it moved go back, the merged record is a record again, the survivor's values are restored from before the merge. Refused (409) when the survivor changed after the merge (edited, or merged again), since restoring would undo that change too; undo later merges first. Audited.", resp: haki.Merge{}},
}

// schemaGen turns Go types into JSON Schemas under components/schemas.
type schemaGen map[string]any

// source is the parsed Go source, kept under a key no schema can have.
func (g schemaGen) source() goSource { return g[" source"].(goSource) }

func (g schemaGen) ref(t reflect.Type) map[string]any {
	switch t {
	case reflect.TypeFor[haki.FuzzyDate]():
		g["FuzzyDate"] = map[string]any{"type": "string", "description": "A date known to a day, month or year, \"~\" in front when approximate; \"\" when none is given. An incident's date may be recorded as not known: \"unknown\", or known only as before a year (\"<2010\"; \"before 2010\" is read too) or after one (\">2015\", \"after 2015\").",
			"pattern": `^(~?\d{4}(-\d{2}(-\d{2})?)?|unknown|[<>]\d{4})?$`, "examples": []string{"2017-03-14", "2017-03", "~2017", "unknown", "<2010", ">2015"}}
		return map[string]any{"$ref": "#/components/schemas/FuzzyDate"}
	case reflect.TypeFor[time.Time]():
		return map[string]any{"type": "string", "format": "date-time"}
	case reflect.TypeFor[api.Date]():
		return map[string]any{"type": []string{"string", "null"}, "format": "date"}
	case reflect.TypeFor[haki.Role]():
		return map[string]any{"type": "string", "enum": haki.Roles}
	}
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int64:
		return map[string]any{"type": "integer"}
	case reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice:
		return map[string]any{"type": []string{"array", "null"}, "items": g.ref(t.Elem())}
	case reflect.Pointer:
		s := g.ref(t.Elem())
		if typ, ok := s["type"].(string); ok {
			s["type"] = []string{typ, "null"}
		}
		return s
	case reflect.Map:
		return map[string]any{"type": "object"}
	case reflect.Struct:
		// The API's CaseJSON is "Case" unless package haki has a Case too.
		name := t.Name()
		if short := strings.TrimSuffix(name, "JSON"); !g.source().types["haki."+short] {
			name = short
		}
		if prev, ok := g[" type "+name]; ok && prev != t {
			panic("openapi: two types named " + name + ": " + prev.(reflect.Type).String() + " and " + t.String())
		}
		g[" type "+name] = t
		if _, ok := g[name]; !ok {
			g[name] = nil // against recursion
			g[name] = g.object(t)
		}
		return map[string]any{"$ref": "#/components/schemas/" + name}
	}
	panic("openapi: no schema for " + t.String())
}

func (g schemaGen) object(t reflect.Type) map[string]any {
	src := g.source()
	props, depth := map[string]any{}, map[string]int{}
	// An API type's field that stands for an embedded domain field (the
	// day of CaseJSON for the instant of haki.Case) takes its comment.
	docs := map[string]string{}
	for i := range t.NumField() {
		if emb := t.Field(i); emb.Anonymous && emb.Type.Kind() == reflect.Struct {
			for j := range emb.Type.NumField() {
				f := emb.Type.Field(j)
				name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
				docs[name] = src.docs[fieldKey(emb.Type, f)]
			}
		}
	}
	for _, f := range reflect.VisibleFields(t) {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" || !f.IsExported() {
			continue
		}
		if d, ok := depth[name]; ok && d <= len(f.Index) {
			continue
		}
		key := fieldKey(t, f)
		prop := g.ref(f.Type)
		if values, ok := fieldEnums[t.Name()+"."+name]; ok {
			prop = map[string]any{"type": "string", "enum": values}
		}
		doc := src.docs[key]
		if doc == "" {
			doc = docs[name]
		}
		// "FiledOn is the day ..." reads "The day ..." beside filed_on.
		for _, verb := range []string{" is ", " are "} {
			doc = strings.TrimPrefix(doc, f.Name+verb)
		}
		if m := oneOfComment.FindStringSubmatch(doc); m != nil && fixedLists[m[1]] != nil {
			values := map[string]any{"type": "string", "enum": fixedLists[m[1]]}
			if prop["items"] != nil {
				prop["items"] = values
			} else {
				prop = values
			}
		}
		if vocab := vocabOf(doc); vocab != "" {
			codes := map[string]any{"type": "string", "examples": seedCodes(vocab)}
			rest := strings.Trim(vocabComment.ReplaceAllString(doc, ""), " ,;:.")
			rest = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(rest, "codes of the"), "optional"))
			doc = "A code of the vocabulary " + vocab + " (GET /api/v1/vocabularies/" + vocab + " lists the organisation's codes; an administrator may add more)."
			if rest != "" {
				doc += " " + sentence(rest)
			}
			if prop["items"] != nil {
				prop["items"] = codes
			} else {
				prop = codes
			}
		}
		if ml, ok := src.maxLens[key]; ok && f.Type.Kind() == reflect.String {
			prop["maxLength"] = ml.max
		}
		if r, ok := numericRanges[key]; ok {
			prop["minimum"], prop["maximum"] = r[0], r[1]
		}
		if name == "version" && doc == "" {
			doc = "The record's version, 1 when made: a change (PUT, or a POST that moves its state) sends the version read, and is refused with 409 when the record changed since."
		}
		if common, ok := commonFields[name]; ok && doc == "" {
			doc = common.doc
			if common.readOnly {
				prop["readOnly"] = true
			}
		}
		if note := notRequired[t.Name()][name]; note != "" {
			doc = strings.TrimSpace(sentence(doc) + " " + note)
		}
		if doc != "" {
			doc = sentence(doc)
			if prop["$ref"] != nil {
				// A $ref's siblings are allowed in 3.1; the description says
				// what this field is, the schema what it holds.
				prop = map[string]any{"$ref": prop["$ref"], "description": doc}
			} else {
				prop["description"] = doc
			}
		}
		depth[name], props[name] = len(f.Index), prop
	}
	schema := map[string]any{"type": "object", "properties": props}
	req := requiredFields(t, props)
	if len(req) > 0 {
		schema["required"] = req
	}
	// A field that may be left out is written "" when empty.
	for name, p := range props {
		p := p.(map[string]any)
		if values, ok := p["enum"].([]string); ok && !slices.Contains(req, name) && !slices.Contains(values, "") {
			p["enum"] = append([]string{""}, values...)
		}
		if more, ok := fieldLimits[t.Name()+"."+name]; ok {
			prop := map[string]any{}
			for k, v := range props[name].(map[string]any) {
				prop[k] = v
			}
			for k, v := range more {
				prop[k] = v
			}
			props[name] = prop
		}
	}
	return schema
}

// numericRanges are the bounds Validate puts on numbers, by the field's Go
// name ("haki.Act.VictimAge"); TestOpenAPIRangesMatchValidate checks them.
var numericRanges = map[string][2]float64{
	"haki.Incident.Latitude":        {-90, 90},
	"haki.Incident.Longitude":       {-180, 180},
	"haki.Act.VictimAge":            {0, 120},
	"haki.Person.EstimatedAge":      {0, 120},
	"haki.Service.DurationMinutes":  {0, 24 * 60},
	"haki.Service.CostKES":          {0, haki.MaxServiceCost},
	"haki.DropoutRules.MissedCount": {1, 20},
	"haki.DropoutRules.SilenceDays": {1, 365},
	"haki.Indicator.Target":         {1, haki.MaxIndicatorTarget},
}

// commonFields describe fields of the same name and meaning in many
// records, where the Go field has no comment of its own.
var commonFields = map[string]struct {
	doc      string
	readOnly bool
}{
	"id":             {doc: "The record's id, given by the server."},
	"ref":            {doc: "The record's reference (e.g. INC-2026-000001), given by the server; it names no one and may be written where names may not.", readOnly: true},
	"created_at":     {doc: "When the record was made (server time).", readOnly: true},
	"created_by":     {doc: "The id of the user who made the record.", readOnly: true},
	"updated_at":     {doc: "When the record last changed.", readOnly: true},
	"updated_by":     {doc: "The id of the user who last changed the record.", readOnly: true},
	"case_id":        {doc: "The id of the case."},
	"case_ref":       {doc: "The case's reference.", readOnly: true},
	"incident_id":    {doc: "The id of the incident."},
	"person_id":      {doc: "The id of the person in the records."},
	"county_code":    {doc: "A county of the gazetteer (GET /api/v1/places), e.g. KE-047."},
	"subcounty_code": {doc: "A sub-county of the gazetteer (GET /api/v1/places?level=2), within the county."},
	"notes":          {doc: "Free notes."},
	"team_id":        {doc: "The id of a team (GET /api/v1/teams)."},
	"user_id":        {doc: "The id of a user account."},
}

// sentence starts s with a capital and ends it with a full stop.
func sentence(s string) string {
	if s == "" {
		return ""
	}
	s = strings.ToUpper(s[:1]) + s[1:]
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

// requiredFields are the properties the domain's Validate names when it
// checks a zero value of t (after Normalize), and those requiredExtra adds.
func requiredFields(t reflect.Type, props map[string]any) []string {
	var req []string
	if v := validator(t); v.IsValid() {
		for field := range validateProblems(v) {
			if _, ok := props[field]; ok && notRequired[t.Name()][field] == "" {
				req = append(req, field)
			}
		}
	}
	req = append(req, requiredExtra[t.Name()]...)
	slices.Sort(req)
	return slices.Compact(req)
}

// requiredExtra are required fields of request types without a Validate
// of their own, checked by their handler or the store, by type name.
var requiredExtra = map[string][]string{
	"Batch":            {"system", "incidents"},
	"BatchIncident":    {"external_id", "incident"},
	"BatchPerson":      {"external_id", "person"},
	"BatchAct":         {"victim", "act"},
	"BatchInvolvement": {"involvement"},
	"BatchSource":      {"source"},
	"NoteJSON":         {"body"},
	"StoryJSON":        {"title", "body"},
	"EvaluationInJSON": {"kind"},
	"AddendumJSON":     {"reason", "text", "code"},
	"SignJSON":         {"version", "code"},
	"Instrument":       {"bands"},
	"FeedCreate":       {"scope"},
	"SavedReportJSON":  {"name", "query", "sharing"},
	"TermInput":        {"label_en", "label_sw"},
	"NewUser":          {"username", "role", "password", "current_password"},
	"NewTeam":          {"name"},
	"MergeRequest":     {"survivor_id", "merged_id"},
	"DismissJSON":      {"kind", "first_id", "second_id"},
	"GroupReplacement": {"person_id", "version"},
}

// notRequired are fields a request must send only in some cases, by Go
// type name, with what the field's description says of when: a zero
// value's Validate may name them, but the request can give them another
// way, or they are needed only with some other value.
var notRequired = map[string]map[string]string{
	"CaseJSON": {"client_id": "Required, except in an intake, whose client_id or new_client gives it."},
	"Act": {"victim_id": "Required, except in a report's verification, whose person_id or person gives it.",
		"incident_id": "Required when adding an act; a change keeps the act's incident."},
	"Source":      {"incident_id": "Required when adding a source; a change keeps the source's incident."},
	"VictimGroup": {"incident_id": "Required when adding a group; a change keeps the group's incident."},
	"HearingJSON": {"court": "The matter's court when left out."},
	"Involvement": {"service_code": "Required, except with an institution_id, whose service it is then.",
		"act_id": "Required when adding an involvement; a change keeps the involvement's act."},
	"MatterJSON": {"filed_on": "Required once the matter is filed (a status other than preparing)."},
	"FeedCreate": {"team_id": "Required with scope team."},
	"TermInput":  {"code": "Required when adding a term; a change takes it from the path."},
	"CalendarEvent": {"kind": "Required when an event is made with POST /api/v1/events; an appointment's is appointment, and a change keeps the event's kind.",
		"subtype": "Required for an appointment."},
}

// fieldLimits are further schema keywords of fields, by "Type.json_name".
var fieldLimits = map[string]map[string]any{
	"VictimGroup.count":          {"minimum": 1, "maximum": haki.MaxGroupCount},
	"VictimGroup.age_band":       {"enum": []string{"0-17", "18-34", "35+", haki.AgeUnknown, haki.AgeMixed}},
	"VictimGroup.description":    {"maxLength": 2000},
	"Batch.system":               {"pattern": "^[a-z0-9._:-]{1,100}$", "description": "The system the records come from, e.g. wapo-fatal-force."},
	"Batch.incidents":            {"minItems": 1, "maxItems": haki.MaxBatchIncidents},
	"BatchIncident.external_id":  {"minLength": 1, "maxLength": haki.MaxExternalID},
	"BatchIncident.persons":      {"maxItems": haki.MaxBatchParts},
	"BatchIncident.acts":         {"maxItems": haki.MaxBatchParts},
	"BatchIncident.involvements": {"maxItems": haki.MaxBatchParts},
	"BatchIncident.sources":      {"maxItems": haki.MaxBatchParts},
	"BatchPerson.external_id":    {"minLength": 1, "maxLength": haki.MaxExternalID},
	"BatchAct.victim":            {"description": "The external id of the victim: a person of the incident, or of an earlier incident of the system."},
	"BatchInvolvement.act":       {"description": "The external id of the act; may be left out when the incident has one act."},
	"BatchSource.person":         {"description": "The external id of the person who is the source, if any."},
	"BatchRow.problems":          {"description": "What is wrong, by field within the row, e.g. incident.county_code, persons[0].person.sex, acts[1].victim."},
}

// fieldEnums are the allowed values of fields the domain fixes in code
// rather than in a vocabulary, by "Type.json_name".
var fieldEnums = map[string][]string{
	"BatchRow.action":          {haki.BatchCreated, haki.BatchUpdated, haki.BatchUnchanged, haki.BatchRejected},
	"Outcome.kind":             haki.OutcomeKinds,
	"Outcome.source_kind":      haki.OutcomeSourceKinds,
	"Institution.kind":         haki.InstitutionKinds,
	"Partner.kind":             haki.PartnerKinds,
	"Evidence.kind":            haki.EvidenceKinds,
	"EvidenceRecord.kind":      haki.EvidenceKinds,
	"Indicator.measure":        haki.IndicatorMeasures,
	"IndicatorJSON.measure":    haki.IndicatorMeasures,
	"SavedReport.sharing":      haki.Sharings,
	"SavedReportJSON.sharing":  haki.Sharings,
	"Task.status":              haki.TaskStatuses,
	"Notification.kind":        haki.NoticeKinds,
	"CaseEvent.kind":           haki.CaseEventKinds,
	"TimeZoneChange.time_zone": append([]string{""}, haki.TimeZones...),
	"Finding.view":             haki.ChartViews,
}

// fixedLists are the lists a field's comment may name as "one of X".
var fixedLists = map[string][]string{
	"AlertKinds":            haki.AlertKinds,
	"AppointmentTypes":      haki.AppointmentTypes,
	"Attendances":           haki.Attendances,
	"BodyRegions":           haki.BodyRegions,
	"CalendarKinds":         haki.CalendarKinds,
	"CaseEventKinds":        haki.CaseEventKinds,
	"ChartViews":            haki.ChartViews,
	"ConsentDecisions":      haki.ConsentDecisions,
	"ConsentMethods":        haki.ConsentMethods,
	"ConsentPurposes":       haki.ConsentPurposes,
	"ContactAttemptMethods": haki.ContactAttemptMethods,
	"ContactMethods":        haki.ContactMethods,
	"ContactOutcomes":       haki.ContactOutcomes,
	"Courts":                haki.Courts,
	"EvaluationKinds":       haki.EvaluationKinds,
	"EvidenceKinds":         haki.EvidenceKinds,
	"FormFieldKinds":        haki.FormFieldKinds,
	"HearingPurposes":       haki.HearingPurposes,
	"IndicatorMeasures":     haki.IndicatorMeasures,
	"MatterKinds":           haki.MatterKinds,
	"MatterOutcomes":        haki.MatterOutcomes,
	"MatterStatuses":        haki.MatterStatuses,
	"OpinionLevels":         haki.OpinionLevels,
	"OutcomeKinds":          haki.OutcomeKinds,
	"OutcomeSourceKinds":    haki.OutcomeSourceKinds,
	"PartnerKinds":          haki.PartnerKinds,
	"PhotoTypes":            haki.PhotoTypes,
	"Professions":           haki.Professions,
	"Providers":             haki.Providers,
	"ReferralActions":       haki.ReferralActions,
	"ReferralStatuses":      haki.ReferralStatuses,
	"ReportChannels":        haki.ReportChannels,
	"ReportContactOutcomes": haki.ReportContactOutcomes,
	"ReportKinds":           haki.ReportKinds,
	"ReportStatuses":        haki.ReportStatuses,
	"SafeContactMethods":    haki.SafeContactMethods,
	"ServiceTypes":          haki.ServiceTypes,
	"Sharings":              haki.Sharings,
	"TaskStatuses":          haki.TaskStatuses,
	"ThreatLevels":          haki.ThreatLevels,
	"TimeZones":             haki.TimeZones,
}

var oneOfComment = regexp.MustCompile(`one of (\w+)`)

var pathParam = regexp.MustCompile(`\{(\w+)\}`)

func problemResponse(desc string) map[string]any {
	return map[string]any{"description": desc, "content": map[string]any{"application/problem+json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Problem"}}}}
}

// problemResponses are the shared error responses, by name.
var problemResponses = map[string]any{
	"BadRequest":    problemResponse("Malformed JSON, unknown field, wrong type, body too large or bad query parameter."),
	"Unauthorized":  problemResponse("No or bad token (WWW-Authenticate: Bearer)."),
	"Forbidden":     problemResponse("The role lacks the permission."),
	"NotFound":      problemResponse("No such record, or the caller may not see it."),
	"Conflict":      problemResponse("Stale version, or the record already exists."),
	"Unprocessable": problemResponse("Validation failed; errors names the fields."),
	"InternalError": problemResponse("Internal error; quote request_id when reporting it."),
	"Busy":          problemResponse("The database is busy (busy): try again after the seconds of Retry-After."),
	"TooLarge":      problemResponse("The file is larger than the upload limit (too-large)."),
}

func problemRef(name string) map[string]any {
	return map[string]any{"$ref": "#/components/responses/" + name}
}

func generateOpenAPI(t *testing.T) []byte {
	g := schemaGen{" source": parsedSource(t)}
	g["Problem"] = map[string]any{"type": "object", "description": "An RFC 9457 problem.", "required": []string{"type", "title", "status", "detail", "request_id"},
		"properties": map[string]any{
			"type":  map[string]any{"type": "string", "description": "urn:haki:problem:<kind>, e.g. validation, malformed-json, unknown-field, invalid-type, not-found, conflict, busy."},
			"title": map[string]any{"type": "string"}, "status": map[string]any{"type": "integer"}, "detail": map[string]any{"type": "string"},
			"instance": map[string]any{"type": "string"}, "request_id": map[string]any{"type": "string"},
			"errors": map[string]any{"type": "object", "additionalProperties": map[string]any{"type": "string"}, "description": "What is wrong with each field."}}}
	paths := map[string]map[string]any{}
	examples := examplesByRoute(t)
	answers := responseExamples(t)
	srv := api.New(api.Config{})
	srv.Handler()
	for _, rt := range srv.Routes() {
		o, ok := ops[rt.Pattern()]
		if !ok {
			t.Fatalf("no documentation for %s in ops", rt.Pattern())
		}
		var params []any
		for _, m := range pathParam.FindAllStringSubmatch(rt.Path, -1) {
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
		}
		for _, q := range o.query {
			// "from@period" is the parameter from described as a report's period.
			name, _, _ := strings.Cut(q, "@")
			p := map[string]any{"name": name, "in": "query"}
			if queryParams[q]["schema"] == nil || queryParams[q]["description"] == nil {
				t.Fatalf("%s: query parameter %s has no description and schema in queryParams", rt.Pattern(), q)
			}
			for k, v := range queryParams[q] {
				p[k] = v
			}
			if vocab := vocabOf(queryParams[q]["description"].(string)); vocab != "" {
				p["examples"] = map[string]any{"seed": map[string]any{"summary": "A seed code; GET /api/v1/vocabularies/" + vocab + " lists them all.", "value": seedCodes(vocab)[0]}}
			}
			params = append(params, p)
		}
		status := o.status
		if status == "" {
			status = "200"
		}
		responses := map[string]any{}
		switch r := o.resp.(type) {
		case nil:
			responses["204"] = map[string]any{"description": "Done."}
		case listOf:
			item := g.ref(reflect.TypeOf(r.item))
			responses[status] = jsonResponse(map[string]any{"type": "object", "required": []string{"items"}, "properties": map[string]any{
				"items": map[string]any{"type": "array", "items": item}, "next_cursor": map[string]any{"type": "string"}}})
			if ex, ok := answers[reflect.TypeOf(r.item)]; ok {
				responses[status].(map[string]any)["content"].(map[string]any)["application/json"].(map[string]any)["example"] = map[string]any{"items": []any{ex}}
			}
		case map[string]any:
			responses[status] = jsonResponse(map[string]any{"type": "object"})
		default:
			responses[status] = jsonResponse(g.ref(reflect.TypeOf(r)))
			if ex, ok := answers[reflect.TypeOf(r)]; ok {
				responses[status].(map[string]any)["content"].(map[string]any)["application/json"].(map[string]any)["example"] = ex
			}
		}
		operation := map[string]any{"summary": summaryOf(o.summary), "description": describe(rt, o), "operationId": operationID(rt), "responses": responses}
		if len(params) > 0 {
			operation["parameters"] = params
		}
		if rt.Perm == "" {
			operation["security"] = []any{}
		} else {
			responses["401"] = problemRef("Unauthorized")
			responses["403"] = problemRef("Forbidden")
			responses["500"] = problemRef("InternalError")
			responses["429"] = problemRef("Busy")
			if len(o.query) > 0 || o.body != nil || o.upload {
				responses["400"] = problemRef("BadRequest")
			}
			if strings.Contains(rt.Path, "{") {
				responses["404"] = problemRef("NotFound")
			}
			if slices.Contains(o.query, "version") {
				responses["409"] = problemRef("Conflict")
			}
			if o.upload {
				responses["413"] = problemRef("TooLarge")
			}
			if o.refused != nil {
				responses["422"] = map[string]any{"description": "Refused: nothing was written; the body says what each row would have done, and the problems of the rejected rows.",
					"content": map[string]any{"application/json": map[string]any{"schema": g.ref(reflect.TypeOf(o.refused))}}}
			} else if o.body != nil || o.upload || len(o.query) > 0 {
				responses["422"] = problemRef("Unprocessable")
			}
			if o.body != nil || o.upload {
				if rt.Method == "PUT" || rt.Method == "POST" {
					responses["409"] = problemRef("Conflict")
				}
			}
		}
		if o.body != nil {
			ex, err := exampleOf(examples, rt.Pattern(), o)
			if err != nil {
				t.Fatal(err)
			}
			media := map[string]any{"schema": g.ref(reflect.TypeOf(o.body))}
			if ex.body != "" {
				media["example"] = docExample(t, ex)
			}
			operation["requestBody"] = map[string]any{"required": true, "content": map[string]any{"application/json": media},
				"description": strings.TrimSpace(fmt.Sprintf("JSON, at most %d bytes (a larger body is a 400, body-too-large); a field the type does not have is a 400 (unknown-field). %s", cmp.Or(o.maxBody, api.MaxBodyBytes), examplesElsewhere[rt.Pattern()]))}
		}
		if o.upload {
			ex, err := exampleOf(examples, rt.Pattern(), o)
			if err != nil {
				t.Fatal(err)
			}
			operation["requestBody"] = map[string]any{"required": true, "content": map[string]any{"multipart/form-data": map[string]any{
				"schema": uploadSchema(rt), "example": docExample(t, ex)}},
				"description": fmt.Sprintf("multipart/form-data, the file last; at most %d bytes by default (the server's max upload setting), refused with 413 from Content-Length before the body is read.", config.DefaultMaxUpload)}
		}
		if paths[rt.Path] == nil {
			paths[rt.Path] = map[string]any{}
		}
		paths[rt.Path][strings.ToLower(rt.Method)] = operation
	}
	doc := map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{"title": "Haki API", "version": "1",
			"description": "Documentation and case management of torture, police killings and disappearances. Errors are RFC 9457 problem+json. Names and other identifying words never go in URLs."},
		"servers":    []any{map[string]any{"url": "/"}},
		"security":   []any{map[string]any{"bearer": []string{}}},
		"paths":      paths,
		"components": map[string]any{"schemas": g.schemas(), "responses": problemResponses, "securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer", "description": "An API token made with haki user token."}}},
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// schemas are the component schemas made.
func (g schemaGen) schemas() map[string]any {
	out := map[string]any{}
	for k, v := range g {
		if !strings.HasPrefix(k, " ") {
			out[k] = v
		}
	}
	return out
}

// summaryOf is an operation's summary: the first sentence of its text.
func summaryOf(text string) string {
	if i := strings.Index(text, ". "); i > 0 && i < 150 {
		return text[:i+1]
	}
	return text
}

// describe is an operation's description: its text, who may call it and
// the limits that apply.
func describe(rt api.Route, o op) string {
	d := o.summary
	if rt.Perm == "" {
		d += " Public: needs no token."
	} else {
		d += " Requires the permission " + string(rt.Perm) + "."
		if rt.Hidden {
			d += " A record the caller may not read is 404, as if it did not exist."
		}
	}
	if _, ok := o.resp.(listOf); ok && slices.Contains(o.query, "limit") {
		d += " Pages hold up to 200 items (limit; 50 by default); next_cursor, when present, asks for the next page."
	}
	return d
}

// uploadParts are the text parts of a file upload, by name, with their
// descriptions; owner_kind and owner_id only where the path names no owner.
var uploadParts = map[string]string{
	"owner_kind":  "incident or case.",
	"owner_id":    "The incident's or case's id.",
	"kind":        "What the file is (one of EvidenceKinds).",
	"description": "What the file shows; at most 10000 characters.",
	"clinical":    "\"1\" for a clinician's photograph for a medico-legal evaluation (seen only by its uploader and staff granted clinical access).",
}

// uploadSchema describes the parts of a file upload to rt.
func uploadSchema(rt api.Route) map[string]any {
	props := map[string]any{"file": map[string]any{"type": "string", "contentMediaType": "application/octet-stream",
		"description": "The file, last; its type is decided by its content (images, PDF, audio, video, plain text)."}}
	required := []string{"file", "kind"}
	for name, desc := range uploadParts {
		if strings.HasPrefix(name, "owner_") && strings.Contains(rt.Path, "{id}") {
			continue
		}
		prop := map[string]any{"type": "string", "description": desc}
		switch name {
		case "kind":
			prop["enum"] = haki.EvidenceKinds
		case "owner_kind":
			prop["enum"] = []string{haki.OwnerIncident, haki.OwnerCase}
			required = append(required, name)
		case "owner_id":
			required = append(required, name)
		case "clinical":
			prop["enum"] = []string{"", "0", "1"}
		case "description":
			prop["maxLength"] = 10000
		}
		props[name] = prop
	}
	slices.Sort(required)
	return map[string]any{"type": "object", "required": required, "properties": props}
}

// examplesElsewhere are the routes whose body cannot be a fixed example,
// and where a working one is made and sent instead.
var examplesElsewhere = map[string]string{
	"POST /api/v1/exchange": "The body is a document another instance signed, as GET /api/v1/exchange answers it; TestExchangeAPI sends one.",
}

// exampleOf is the request example of a route that takes a body; a route
// without one is an error naming it, so that a new route cannot forget it.
func exampleOf(examples map[string]requestExample, pattern string, o op) (requestExample, error) {
	ex, ok := examples[pattern]
	if !ok && (o.body != nil || o.upload) && examplesElsewhere[pattern] == "" {
		return ex, fmt.Errorf("%s takes a request body and has no example: add one to requestExamples (openapi_examples_test.go); TestOpenAPIExamples sends it", pattern)
	}
	return ex, nil
}

// successStatus is the status a route answers when it succeeds.
func successStatus(o op) string {
	switch {
	case o.resp == nil && !o.upload:
		return "204"
	case o.status != "":
		return o.status
	}
	return "200"
}

func jsonResponse(schema any) map[string]any {
	return map[string]any{"description": "OK.", "content": map[string]any{"application/json": map[string]any{"schema": schema}}}
}

func operationID(rt api.Route) string {
	s := strings.ToLower(rt.Method) + strings.NewReplacer("/api/v1", "", "/", "_", "{", "", "}", "", ".", "_").Replace(rt.Path)
	return s
}

// TestOpenAPIUpToDate checks openapi.json is what the routes and types
// give; run with -update-openapi to rewrite it.
func TestOpenAPIUpToDate(t *testing.T) {
	got := generateOpenAPI(t)
	if *updateOpenAPI {
		if err := os.WriteFile("openapi.json", got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(got, api.OpenAPI()) {
		t.Errorf("openapi.json is out of date; run go test -run TestOpenAPIUpToDate ./internal/api/ -update-openapi")
	}
}

// builderDims is every dimension of the builder, in a stable order.
func builderDims() []string {
	var all []string
	for _, rec := range haki.BuilderRecords {
		for _, d := range haki.BuilderDims[rec] {
			if !slices.Contains(all, d) {
				all = append(all, d)
			}
		}
	}
	return all
}

// builderMeasures is every measure of the builder, in a stable order.
func builderMeasures() []string {
	var all []string
	for _, rec := range haki.BuilderRecords {
		for _, m := range haki.BuilderMeasures[rec] {
			if !slices.Contains(all, m) {
				all = append(all, m)
			}
		}
	}
	return all
}
