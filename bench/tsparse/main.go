// Command tsparse parses the code cells of the notebooks under a folder with
// tree-sitter alone, the yardstick of the batch benchmark's CPU goal
// (gokmig-kernel check within 1.3 times this CPU per megabyte of code). It
// reads the notebooks with encoding/json first, then parses each code cell
// with one reused parser (as check does), and prints the cells, the
// megabytes of code and the CPU time of the parsing alone (reading and
// decoding the files excluded).
//
//	go run ./bench/tsparse DIR
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	sitter "github.com/smacker/go-tree-sitter"
	"github.com/smacker/go-tree-sitter/python"
)

type notebook struct {
	Cells []struct {
		CellType string          `json:"cell_type"`
		Source   json.RawMessage `json:"source"`
	} `json:"cells"`
}

// source joins a cell source given as a string or a list of strings.
func source(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var lines []string
	_ = json.Unmarshal(raw, &lines)
	return strings.Join(lines, "")
}

func cpu() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: tsparse DIR")
		os.Exit(2)
	}
	var sources [][]byte
	err := filepath.WalkDir(os.Args[1], func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".ipynb") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		var nb notebook
		if err := json.Unmarshal(data, &nb); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		for _, c := range nb.Cells {
			if c.CellType != "code" {
				continue
			}
			sources = append(sources, []byte(source(c.Source)))
		}
		return nil
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	start := cpu()
	parser := sitter.NewParser()
	parser.SetLanguage(python.GetLanguage())
	bytes := 0
	for _, src := range sources {
		tree, err := parser.ParseCtx(context.Background(), nil, src)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		tree.Close()
		bytes += len(src)
	}
	used := cpu() - start
	cells := len(sources)
	fmt.Printf("%d code cells, %.2f MB, CPU %.3f s, %.3f s/MB\n", cells, float64(bytes)/1e6, used.Seconds(), used.Seconds()/(float64(bytes)/1e6))
}
