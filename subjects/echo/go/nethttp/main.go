// Echo server on Go's net/http; usage: go-echo PORT. net/http canonicalises field names and keeps them in a map
// (lacks `raw-field-names`; order is reported sorted by name, Host first); trailers are reported after the body.
package main

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"sort"
	"unicode/utf8"
)

// octets: a JSON string when the octets are UTF-8, else {"base64": ...}
func octets(s string) interface{} {
	if utf8.ValidString(s) {
		return s
	}
	return map[string]string{"base64": base64.StdEncoding.EncodeToString([]byte(s))}
}

func pairs(h http.Header) [][2]interface{} {
	names := make([]string, 0, len(h))
	for n := range h {
		names = append(names, n)
	}
	sort.Strings(names)
	out := [][2]interface{}{}
	for _, n := range names {
		for _, v := range h[n] {
			out = append(out, [2]interface{}{octets(n), octets(v)})
		}
	}
	return out
}

func echo(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		// what a net/http application does when the content cannot be read (bad chunked framing, too large)
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	fields := [][2]interface{}{{"Host", octets(r.Host)}}
	fields = append(fields, pairs(r.Header)...)
	// net/http moves Transfer-Encoding out of the header map into r.TransferEncoding
	for _, te := range r.TransferEncoding {
		fields = append(fields, [2]interface{}{"Transfer-Encoding", octets(te)})
	}
	doc := map[string]interface{}{
		"h1compatEcho": 1, "method": octets(r.Method), "target": octets(r.RequestURI), "version": octets(r.Proto),
		"fields": fields, "body": base64.StdEncoding.EncodeToString(body), "trailers": pairs(r.Trailer),
	}
	out, _ := json.Marshal(doc)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(200)
	w.Write(out)
}

func main() {
	panic(http.ListenAndServe("127.0.0.1:"+os.Args[1], http.HandlerFunc(echo)))
}
