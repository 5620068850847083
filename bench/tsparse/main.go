// Command tsparse parses the code cells of the notebooks under a folder with
// tree-sitter alone, the yardstick of the batch benchmark's CPU goal
// (gokmig-kernel check within 1.3 times this CPU per megabyte of code). It
// reads the notebooks with encoding/json first, then parses each code cell
// with one reused parser (as check does), and prints the cells, the
// megabytes of code and the CPU and wall time of the parsing alone
// (reading and decoding the files excluded). With -j N the cells are shared
// out among N goroutines, a parser each, as check shares out files: the
// least wall time any tool that parses with tree-sitter can take.
//
// Given a Python file instead, it parses the file as one source: the
// pathological benchmark's yardstick of time and peak memory, which the
// parser needs whatever is done with its tree.
//
//	go run ./bench/tsparse [-j N] DIR
//	go run ./bench/tsparse FILE.py
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
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

// read returns the code cells of the notebooks under path, or the whole
// file when path is not a directory.
func read(path string) ([][]byte, error) {
	if info, err := os.Stat(path); err != nil || !info.IsDir() {
		data, err := os.ReadFile(path)
		return [][]byte{data}, err
	}
	var sources [][]byte
	err := filepath.WalkDir(path, func(path string, d fs.DirEntry, err error) error {
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
	return sources, err
}

func cpu() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func main() {
	workers := flag.Int("j", 1, "parse on this many goroutines at once")
	flag.Parse()
	if flag.NArg() != 1 || *workers < 1 {
		fmt.Fprintln(os.Stderr, "usage: tsparse [-j N] DIR | tsparse FILE.py")
		os.Exit(2)
	}
	sources, err := read(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	bytes := 0
	for _, src := range sources {
		bytes += len(src)
	}
	start, wallStart := cpu(), time.Now()
	var next atomic.Int64 // the next cell to parse
	var wg sync.WaitGroup
	for range *workers {
		wg.Go(func() {
			parser := sitter.NewParser()
			defer parser.Close()
			parser.SetLanguage(python.GetLanguage())
			for i := next.Add(1) - 1; i < int64(len(sources)); i = next.Add(1) - 1 {
				tree, err := parser.ParseCtx(context.Background(), nil, sources[i])
				if err != nil {
					fmt.Fprintln(os.Stderr, err)
					os.Exit(1)
				}
				tree.Close()
			}
		})
	}
	wg.Wait()
	used, wall := cpu()-start, time.Since(wallStart)
	fmt.Printf("%d code cells, %.2f MB, CPU %.3f s, %.3f s/MB, wall %.3f s on %d goroutines\n", len(sources),
		float64(bytes)/1e6, used.Seconds(), used.Seconds()/(float64(bytes)/1e6), wall.Seconds(), *workers)
}
