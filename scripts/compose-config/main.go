// compose-config loads, validates and normalises a Compose file the way `docker compose config`
// does, with compose-go (the library Docker Compose is built on), and needs no Docker engine.
// It prints the normalised project as JSON, or the loader's error and exits 1.
//
//	go -C scripts/compose-config run . -f ../../docker-compose.yml --env-file ../../.env.example --profile '*'
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/compose-spec/compose-go/v2/cli"
)

type list []string

func (l *list) String() string     { return strings.Join(*l, ",") }
func (l *list) Set(v string) error { *l = append(*l, v); return nil }

func main() {
	var files, envFiles, profiles list
	flag.Var(&files, "f", "compose file (repeatable)")
	flag.Var(&envFiles, "env-file", "env file for interpolation (repeatable; default: .env beside the file)")
	flag.Var(&profiles, "profile", "profile to enable (repeatable; '*' enables all)")
	name := flag.String("project-name", "keel", "project name")
	flag.Parse()
	if len(files) == 0 {
		files = list{"docker-compose.yml"}
	}

	opts, err := cli.NewProjectOptions(files,
		cli.WithName(*name),
		cli.WithEnvFiles(envFiles...),
		cli.WithDotEnv,
		cli.WithProfiles(profiles),
		cli.WithResolvedPaths(true),
		cli.WithInterpolation(true),
		cli.WithNormalization(true),
		cli.WithConsistency(true),
	)
	if err == nil {
		var out []byte
		if out, err = normalised(opts); err == nil {
			fmt.Println(string(out))
			return
		}
	}
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}

func normalised(opts *cli.ProjectOptions) ([]byte, error) {
	project, err := opts.LoadProject(context.Background())
	if err != nil {
		return nil, err
	}
	return project.MarshalJSON()
}
