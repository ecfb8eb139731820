// Package cli is the haki program: its subcommands, their flags, and the
// wiring of the store, the web UI and the API into one server.
package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"

	"github.com/haki-kenya/haki/internal/config"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/vault"
)

// Version is set at build time with -ldflags "-X github.com/haki-kenya/haki/internal/cli.Version=...".
var Version = "dev"

// Main is one run of the program. Tests fill it in and call Run, so they
// start the real thing.
type Main struct {
	Args   []string // without the program name
	Getenv func(string) string
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// Ready, if set, is called with the address once a server listens.
	Ready func(addr string)
	// StdinIsTerminal tells whether passwords may be prompted for.
	StdinIsTerminal bool
	stdin           *bufio.Reader // Stdin, read a line at a time
}

type command struct {
	summary string
	run     func(m *Main, ctx context.Context, args []string) error
}

var commands = map[string]command{
	"bench":     {"measure the server under load: signed-in clients over the everyday pages (load)", (*Main).bench},
	"backup":    {"write one encrypted file of the database and evidence files, while the server runs", (*Main).backup},
	"restore":   {"restore a backup into an empty data folder or a new PostgreSQL database", (*Main).restore},
	"audit":     {"check the audit log's hash chain (verify) or list who saw whose identity (reads)", (*Main).audit},
	"serve":     {"run the web UI and the JSON API", (*Main).serve},
	"demo":      {"fill a database with realistic generated data and serve it", (*Main).demo},
	"migrate":   {"bring the database schema up to date", (*Main).migrate},
	"user":      {"manage accounts: add, list, disable, reset-password, token", (*Main).user},
	"keys":      {"rotate the master key while the server runs", (*Main).keys},
	"retention": {"show, set and run the retention periods (show, set TYPE YEARS, run --dry-run / --yes)", (*Main).retention},
	"report":    {"export a standard report (executions, torture) as CSV, XLSX, PDF or JSON", (*Main).report},
	"export":    {"stream incidents, persons or cases to a CSV, XLSX or JSON file, or everything to an encrypted archive", (*Main).export},
	"import":    {"import a spreadsheet (CSV, XLSX) of incidents with a mapping: --dry-run first, then all or nothing or --valid-only", (*Main).importFile},
	"extract":   {"write the de-identified, k-anonymous research extract (one row per victim, codes only)", (*Main).extract},
	"exchange":  {"exchange verified incidents with another Haki instance: id, export [--out FILE], import --trust ID FILE", (*Main).exchangeCmd},
	"gazetteer": {"load a country's places from a CSV or GeoJSON file (load FILE [--set-country]) or list them (list)", (*Main).gazetteerCmd},
	"version":   {"print the version", (*Main).version},
	"verify":    {"re-check every evidence file, the database's integrity and the audit chain", (*Main).verify},

	// The signed medico-legal reports.
	"evaluation": {"check the signature of a signed medico-legal report PDF (verify FILE)", (*Main).evaluation},
}

// ErrUsage is returned after usage was printed for a bad command line.
var ErrUsage = errors.New("usage")

// Run runs the subcommand named by the first argument.
func (m *Main) Run(ctx context.Context) error {
	if m.Getenv == nil {
		m.Getenv = os.Getenv
	}
	if len(m.Args) == 0 || m.Args[0] == "-h" || m.Args[0] == "--help" || m.Args[0] == "help" {
		m.usage()
		if len(m.Args) == 0 {
			return ErrUsage
		}
		return nil
	}
	cmd, ok := commands[m.Args[0]]
	if !ok {
		fmt.Fprintf(m.Stderr, "haki: unknown command %q\n\n", m.Args[0])
		m.usage()
		return ErrUsage
	}
	// Reads that open identities are audited with the command as purpose.
	return cmd.run(m, store.WithPurpose(ctx, "haki "+m.Args[0]), m.Args[1:])
}

func (m *Main) usage() {
	fmt.Fprintln(m.Stderr, "Haki: documentation, case management and reporting for survivors of torture and families of people killed or disappeared.")
	fmt.Fprintln(m.Stderr, "\nUsage: haki COMMAND [flags]   (haki COMMAND --help for its flags)\n\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(m.Stderr, "  %-9s %s\n", n, commands[n].summary)
	}
}

// flags returns a flag set that prints its usage to Stderr and returns
// errors instead of exiting.
func (m *Main) flags(name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(m.Stderr, "Usage: haki %s\n\n", usage)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags; --help prints usage and ends the command without error.
func parse(fs *flag.FlagSet, args []string) (done bool, err error) {
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		return true, nil
	} else if err != nil {
		return true, ErrUsage
	}
	return false, nil
}

// parseFile parses the flags of a command that takes one file, named
// before or after its flags; done is set when the command is to stop with
// err (help shown, or a usage error).
func parseFile(fs *flag.FlagSet, args []string) (file string, done bool, err error) {
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		file, args = args[0], args[1:]
	}
	if done, err := parse(fs, args); done {
		return "", true, err
	}
	if file == "" && fs.NArg() == 1 {
		file = fs.Arg(0)
	} else if file == "" || fs.NArg() > 0 {
		fs.Usage()
		return "", true, ErrUsage
	}
	return file, false, nil
}

// dataFlags adds --data and --database, defaulting from HAKI_DATA and HAKI_DATABASE_URL.
func (m *Main) dataFlags(fs *flag.FlagSet, cfg *config.Config) {
	fs.StringVar(&cfg.DataDir, "data", m.Getenv("HAKI_DATA"), "data folder: the SQLite database and files (env HAKI_DATA)")
	fs.StringVar(&cfg.DatabaseURL, "database", m.Getenv("HAKI_DATABASE_URL"), "PostgreSQL URL instead of SQLite (env HAKI_DATABASE_URL)")
	fs.StringVar(&cfg.KeyFile, "key-file", m.Getenv("HAKI_KEY_FILE"), "master key file (env HAKI_KEY_FILE; default: DATA.key beside the data folder)")
	fs.BoolVar(&cfg.KeyPassphrase, "key-passphrase", false, "derive the master key from a passphrase, the first line of standard input (asked on a terminal), instead of a key file")
	fs.StringVar(&cfg.AuditCheckpoint, "audit-checkpoint", m.Getenv("HAKI_AUDIT_CHECKPOINT"), "file anchoring the audit log outside the database (env HAKI_AUDIT_CHECKPOINT; default: DATA/audit.checkpoint, or beside the key file)")
	fs.StringVar(&cfg.EvidenceDir, "evidence-dir", m.Getenv("HAKI_EVIDENCE_DIR"), "folder of the encrypted evidence files (env HAKI_EVIDENCE_DIR; default: DATA/evidence; required with --database and no --data)")
	fs.StringVar(&cfg.OrgName, "org-name", m.Getenv("HAKI_ORG_NAME"), "the organisation's name, printed on report exports (env HAKI_ORG_NAME)")
	hashers, _ := strconv.Atoi(m.Getenv("HAKI_PASSWORD_HASHERS"))
	fs.IntVar(&cfg.PasswordHashers, "password-hashers", hashers, "password hashes (64 MiB each) run at once; more sign-ins wait briefly, then get 429 (env HAKI_PASSWORD_HASHERS; default 2)")
}

// openStore validates cfg, creates the data folder and opens and migrates the store.
func (m *Main) openStore(ctx context.Context, cfg *config.Config) (*store.Store, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.DataDir != "" {
		if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
			return nil, fmt.Errorf("data folder: %w", err)
		}
	}
	keys, err := m.openKeys(cfg)
	if err != nil {
		return nil, err
	}
	s, err := store.Open(ctx, cfg.DSN(), keys)
	if err != nil {
		return nil, err
	}
	s.UseAuditCheckpoint(cfg.CheckpointPath())
	s.SetHashLimit(store.HashLimit{Running: cfg.PasswordHashers, Waiting: 8 * cfg.PasswordHashers})
	if err := s.Migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// openKeys loads the master key file, creating it (with a warning) the
// first time.
func (m *Main) openKeys(cfg *config.Config) (*vault.Keyring, error) {
	if cfg.KeyPassphrase {
		pass, err := m.readSecretLine("Master key passphrase: ")
		if err != nil {
			return nil, err
		}
		return vault.FromPassphrase(pass, cfg.SaltPath())
	}
	keys, created, err := vault.OpenOrCreate(cfg.KeyPath())
	if err != nil {
		return nil, err
	}
	if created {
		fmt.Fprintf(m.Stderr, "haki: created a new master key in %s.\n"+
			"      Move it to other storage (a USB key, a password manager) and point --key-file or HAKI_KEY_FILE at it:\n"+
			"      whoever holds the data and this file together can read every name in it, and without it nobody can.\n", cfg.KeyPath())
	}
	return keys, nil
}

func (m *Main) logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(m.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
}

func (m *Main) version(ctx context.Context, args []string) error {
	fs := m.flags("version", "version")
	if done, err := parse(fs, args); done {
		return err
	}
	fmt.Fprintf(m.Stdout, "haki %s\n", Version)
	return nil
}

func (m *Main) migrate(ctx context.Context, args []string) error {
	var cfg config.Config
	fs := m.flags("migrate", "migrate [--data DIR | --database URL]")
	m.dataFlags(fs, &cfg)
	if done, err := parse(fs, args); done {
		return err
	}
	s, err := m.openStore(ctx, &cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	fmt.Fprintf(m.Stdout, "The %s database is up to date.\n", s.Dialect())
	return nil
}

// readPassword reads a password: from standard input when it is not a
// terminal (one line), else it refuses, since we do not echo secrets.
func (m *Main) readPassword() (string, error) {
	pw, err := m.readSecretLine("Password (at least 12 characters), then Enter: ")
	if err == nil && pw == "" {
		err = errors.New("no password on standard input; pipe it in, e.g. printf '%s\\n' \"$PW\" | haki user add ...")
	}
	return pw, err
}

// readSecretLine reads one line of standard input, prompting without echo
// when it is a terminal. Secrets come one a line, in the order asked.
func (m *Main) readSecretLine(prompt string) (string, error) {
	if m.stdin == nil {
		m.stdin = bufio.NewReaderSize(io.LimitReader(m.Stdin, 1<<16), 4096)
	}
	if m.StdinIsTerminal {
		fmt.Fprint(m.Stderr, prompt)
		if err := exec.Command("stty", "-F", "/dev/tty", "-echo").Run(); err == nil {
			defer func() { exec.Command("stty", "-F", "/dev/tty", "echo").Run(); fmt.Fprintln(m.Stderr) }()
		}
	}
	line, err := m.stdin.ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}
