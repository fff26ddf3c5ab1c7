# native programs: output lines as strings, arguments, exit codes, stderr, piping both ways
# (output is captured with (...) or a pipeline: the test host does not see a native program's
# direct console output; tests/e2e/test_qa_native.py covers that through the real psrepl)
(/bin/echo native hello)
$out = /bin/echo a b
$out
$out.GetType().Name
$lines = printf 'x\ny\nz\n'
$lines.Count
$lines[1]
/bin/sh -c 'exit 3'
"exit: $LASTEXITCODE"
/bin/sh -c 'exit 3'; $?
/bin/true; $?
"exit: $LASTEXITCODE"
$e = /bin/sh -c 'echo err-line >&2' 2>&1
$e.GetType().Name
"$e"
/bin/sh -c 'echo quiet >&2' 2>$null
(/bin/echo 'single quoted $x' "double $(1+1)")
(/bin/echo --flag=value -x)
(printf '%s\n' 'a b' c)
$arr = 'p', 'q'
(/bin/echo @arr)
(/bin/echo $arr)
('piped' | /usr/bin/tr a-z A-Z)
(1..3 | /usr/bin/wc -l)
(/bin/echo "quote""inside")
"[$(/bin/echo '')]"
(/bin/echo a''b)
(/bin/echo hi) -eq 'hi'
$env:QA_NATIVE = 'yes'
(/usr/bin/env | Where-Object { $_ -like 'QA_NATIVE=*' })
(& '/bin/echo' amp)
$cmd = '/bin/echo'; (& $cmd via variable)
/bin/sh -c 'echo 1; echo 2' | ForEach-Object { "line $_" }
(/bin/sh -c 'printf "no newline"').Length
