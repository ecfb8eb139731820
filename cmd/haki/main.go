// Command haki is Haki's one program: the server, the demo and the
// administration commands. See internal/cli.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/haki-kenya/haki/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	fi, _ := os.Stdin.Stat()
	m := &cli.Main{Args: os.Args[1:], Getenv: os.Getenv, Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr,
		StdinIsTerminal: fi != nil && fi.Mode()&os.ModeCharDevice != 0}
	if err := m.Run(ctx); err != nil {
		if !errors.Is(err, cli.ErrUsage) {
			fmt.Fprintln(os.Stderr, "haki:", err)
		}
		os.Exit(cli.ExitCode(err))
	}
}
