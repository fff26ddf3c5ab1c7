"""Parser tests: for each construct the AST shape, and ParseErrors (message, position, incomplete).

Shapes are compared through ``sx``, a compact S-expression printer of the AST, so a
table row reads like the source it came from:

* a bare statement expression prints as the expression; a pipeline ``(pipe a b)``
* commands ``(cmd Get-Process -Name foo)``; bare words print as-is, ``'single'``,
  ``"double"``, numbers as Python literals, variables ``$x`` / ``$env:x`` / ``@splat``
* operators ``(+ 1 2)``, ``(-not $x)``; arrays ``(array 1 2)``; members ``(. $x Name)``
* PowerShell 7: ``(? c a b)`` for ``c ? a : b``; ``(?. $x Name)``, ``(?.call $x M 1)``,
  ``(?index $x 0)``; chains ``(&& a b)``, ``(|| a b)``, ``(&&& a b)`` when backgrounded
"""

from __future__ import annotations

import time

import pytest

from shell.language import ast as A
from shell.language.errors import ParseError
from shell.language.parser import parse


def sx(node: object) -> str:
    """A compact S-expression for an AST node (see module doc)."""
    t = type(node)
    if node is None:
        return "None"
    if isinstance(node, str):
        return repr(node)
    if isinstance(node, tuple):
        return " ".join(sx(x) for x in node)
    if t is A.ScriptBlockAst:
        parts = []
        if node.param_block is not None:
            parts.append(sx(node.param_block))
        named = [(n, getattr(node, n + "_block")) for n in ("begin", "process")]
        if any(b is not None for _, b in named) or node.end_block is None:
            named.append(("end", node.end_block))
            for name, block in named:
                if block is not None:
                    parts.append(f"({name} {sx(block)})")
        else:
            parts.append(sx(node.end_block))
        return "; ".join(p for p in parts if p)
    if t is A.StatementBlockAst:
        return "; ".join(sx(s) for s in node.statements)
    if t is A.ParamBlockAst:
        attrs = "".join(sx(a) for a in node.attributes)
        return f"{attrs}(param {' '.join(sx(p) for p in node.parameters)})".replace(" )", ")")
    if t is A.ParameterAst:
        out = "".join(sx(a) for a in node.attributes)
        if node.type_name:
            out += f"[{node.type_name}]"
        out += "$" + node.name
        if node.default is not None:
            out += "=" + sx(node.default)
        return out
    if t is A.AttributeAst:
        args = [sx(p) for p in node.positional]
        args += [k if v is None else f"{k}={sx(v)}" for k, v in node.named]
        return f"[{node.type_name}({', '.join(args)})]"
    if t is A.PipelineAst:
        amp = "&" if node.background else ""
        if len(node.elements) == 1 and not amp:
            return sx(node.elements[0])
        return f"(pipe{amp} {' '.join(sx(e) for e in node.elements)})"
    if t is A.CommandExpressionAst:
        if not node.redirections:
            return sx(node.expression)
        return f"(expr {sx(node.expression)} {sx(node.redirections)})"
    if t is A.CommandAst:
        head = "cmd" + (node.invocation_operator or "")
        items = [sx(e) for e in node.elements] + [sx(r) for r in node.redirections]
        return f"({head} {' '.join(items)})"
    if t is A.CommandParameterAst:
        return f"-{node.name}" + ("" if node.argument is None else ":" + sx(node.argument))
    if t is A.FileRedirectionAst:
        return f"{node.stream}{'>>' if node.append else '>'}{sx(node.target)}"
    if t is A.MergingRedirectionAst:
        return f"{node.from_stream}>&{node.to_stream}"
    if t is A.ConstantExpressionAst:
        return repr(node.value)
    if t is A.StringConstantExpressionAst:
        quote = {"bare": "{}", "single": "'{}'", "double": '"{}"', "here_single": "@'{}'@",
                 "here_double": '@"{}"@'}[node.kind]
        return quote.format(node.value)
    if t is A.ExpandableStringExpressionAst:
        return f"(expand:{node.kind} {sx(node.parts)})"
    if t is A.VariableExpressionAst:
        sigil = "@" if node.splatted else "$"
        return sigil + (f"{node.scope}:" if node.scope else "") + node.name
    if t is A.BinaryExpressionAst:
        return f"({node.operator} {sx(node.left)} {sx(node.right)})"
    if t is A.UnaryExpressionAst:
        return f"({node.operator} {sx(node.operand)})"
    if t is A.ArrayLiteralAst:
        return f"(array {sx(node.elements)})"
    if t is A.ArrayExpressionAst:
        return f"(@ {sx(node.body)})"
    if t is A.SubExpressionAst:
        return f"($ {sx(node.body)})"
    if t is A.ParenExpressionAst:
        return f"(paren {sx(node.pipeline)})"
    if t is A.HashtableAst:
        return "(hash" + "".join(f" ({sx(k)} {sx(v)})" for k, v in node.pairs) + ")"
    if t is A.ScriptBlockExpressionAst:
        return "{" + sx(node.body) + "}"
    if t is A.ConvertExpressionAst:
        return f"([{node.type_name}] {sx(node.operand)})"
    if t is A.TypeExpressionAst:
        return f"[{node.type_name}]"
    if t is A.MemberExpressionAst:
        return f"({'::' if node.static else '.'} {sx(node.target)} {sx(node.member)})"
    if t is A.InvokeMemberExpressionAst:
        args = " ".join(sx(a) for a in node.arguments)
        return f"({'::' if node.static else '.'}call {sx(node.target)} {sx(node.member)}" + \
            (f" {args})" if args else ")")
    if t is A.IndexExpressionAst:
        return f"(index {sx(node.target)} {sx(node.index)})"
    if t is A.TernaryExpressionAst:
        return f"(? {sx(node.condition)} {sx(node.if_true)} {sx(node.if_false)})"
    if t is A.NullConditionalMemberExpressionAst:
        return f"(?. {sx(node.target)} {sx(node.member)})"
    if t is A.NullConditionalInvokeMemberExpressionAst:
        args = " ".join(sx(a) for a in node.arguments)
        return f"(?.call {sx(node.target)} {sx(node.member)}" + (f" {args})" if args else ")")
    if t is A.NullConditionalIndexExpressionAst:
        return f"(?index {sx(node.target)} {sx(node.index)})"
    if t is A.PipelineChainAst:
        amp = "&" if node.background else ""
        return f"({node.operator}{amp} {sx(node.left)} {sx(node.right)})"
    if t is A.AssignmentStatementAst:
        return f"({node.operator} {sx(node.target)} {sx(node.value)})"
    if t is A.IfStatementAst:
        out = "(if" + "".join(f" ({sx(c)}) {{{sx(b)}}}" for c, b in node.clauses)
        if node.else_block is not None:
            out += f" else {{{sx(node.else_block)}}}"
        return out + ")"
    if t is A.ForEachStatementAst:
        return (f"({label(node)}foreach {sx(node.variable)} in ({sx(node.iterable)}) "
                f"{{{sx(node.body)}}})")
    if t is A.ForStatementAst:
        return (f"({label(node)}for ({sx(node.initializer)}; {sx(node.condition)}; "
                f"{sx(node.iterator)}) {{{sx(node.body)}}})")
    if t is A.WhileStatementAst:
        return f"({label(node)}while ({sx(node.condition)}) {{{sx(node.body)}}})"
    if t is A.DoWhileStatementAst:
        word = "until" if node.until else "while"
        return f"({label(node)}do {{{sx(node.body)}}} {word} ({sx(node.condition)}))"
    if t is A.SwitchStatementAst:
        flags = "".join(f" -{f}" for f in sorted(node.flags))
        out = f"({label(node)}switch{flags} ({sx(node.condition)})"
        out += "".join(f" {sx(k)} {{{sx(b)}}}" for k, b in node.clauses)
        if node.default is not None:
            out += f" default {{{sx(node.default)}}}"
        return out + ")"
    if t in (A.BreakStatementAst, A.ContinueStatementAst):
        word = "break" if t is A.BreakStatementAst else "continue"
        return f"({word}{' ' + node.label if node.label else ''})"
    if t in (A.ReturnStatementAst, A.ExitStatementAst, A.ThrowStatementAst):
        word = t.__name__[:-len("StatementAst")].lower()
        return f"({word}{'' if node.pipeline is None else ' ' + sx(node.pipeline)})"
    if t is A.TryStatementAst:
        out = f"(try {{{sx(node.body)}}}"
        for c in node.catches:
            types = "".join(f" [{n}]" for n in c.type_names)
            out += f" catch{types} {{{sx(c.body)}}}"
        if node.finally_block is not None:
            out += f" finally {{{sx(node.finally_block)}}}"
        return out + ")"
    if t is A.FunctionDefinitionAst:
        word = "filter" if node.is_filter else "function"
        return f"({word} {node.name} {{{sx(node.body)}}})"
    raise AssertionError(f"no printer for {t.__name__}")


def label(node: A.Node) -> str:
    return f":{node.label} " if node.label else ""


def shape(text: str) -> str:
    return sx(parse(text))


# ---------------------------------------------------------------- shapes
CASES = [
    # commands and pipelines
    ("Get-Process", "(cmd Get-Process)"),
    ("Get-Process -Name foo", "(cmd Get-Process -Name foo)"),
    ("Get-Process -Name:foo -Force", "(cmd Get-Process -Name:foo -Force)"),
    ("Get-Item -Path: x", "(cmd Get-Item -Path:x)"),
    ("a | b | c", "(pipe (cmd a) (cmd b) (cmd c))"),
    ("a |\n  b", "(pipe (cmd a) (cmd b))"),
    ("Get-Process &", "(pipe& (cmd Get-Process))"),
    ("Start-Sleep 5 & Get-Date", "(pipe& (cmd Start-Sleep 5)); (cmd Get-Date)"),
    ("& $sb 1 2", "(cmd& $sb 1 2)"),
    ("& 'my cmd' -x", "(cmd& 'my cmd' -x)"),
    ("&$sb", "(cmd& $sb)"),
    (". $sb", "(cmd. $sb)"),
    (". ./lib.ps1", "(cmd. ./lib.ps1)"),
    ("./script.ps1 a", "(cmd ./script.ps1 a)"),
    (".\\script.ps1", "(cmd .\\script.ps1)"),
    ("ls ~/logs/x.txt *.txt ..\\foo", "(cmd ls ~/logs/x.txt *.txt ..\\foo)"),
    ("ls -la /tmp", "(cmd ls -la /tmp)"),
    ("git --version", "(cmd git --version)"),
    ("Server01", "(cmd Server01)"),
    ("echo 1 -1 1.5 0x10 2kb", "(cmd echo 1 -1 1.5 16 2048)"),
    ("echo 1..3 1.2.3 7z", "(cmd echo 1..3 1.2.3 7z)"),
    ("echo - -- ---", "(cmd echo - -- ---)"),
    ("echo a,b,c", "(cmd echo (array a b c))"),
    ("echo a, b ,c", "(cmd echo (array a b c))"),
    ("echo a,\n b", "(cmd echo (array a b))"),
    ("Invoke-Command -ComputerName a,b,c -ScriptBlock { hostname }",
     "(cmd Invoke-Command -ComputerName (array a b c) -ScriptBlock {(cmd hostname)})"),
    ("echo 'a b' \"c\" $x", "(cmd echo 'a b' \"c\" $x)"),
    ("echo $x.Name $x[0] $x.M(1)", "(cmd echo (. $x Name) (index $x 0) (.call $x M 1))"),
    ("echo (1 + 2) $(3) @(4) @{a=1}",
     "(cmd echo (paren (+ 1 2)) ($ 3) (@ 4) (hash (a 1)))"),
    ("echo (Get-Date).Year", "(cmd echo (. (paren (cmd Get-Date)) Year))"),
    ("Get-X @params -Force", "(cmd Get-X @params -Force)"),
    ("ssh user@host", "(cmd ssh user@host)"),
    ("logs/$name.txt", "(cmd (expand:bare 'logs/' $name '.txt'))"),
    ("echo logs/$name.txt", "(cmd echo (expand:bare 'logs/' $name '.txt'))"),
    ("echo $HOME/x", "(cmd echo (expand:bare $HOME '/x'))"),
    ("echo pre$($x)post", "(cmd echo (expand:bare 'pre' ($ $x) 'post'))"),
    ("echo 'a'b", "(cmd echo ab)"),
    ("echo foo\"bar baz\"", "(cmd echo 'foobar baz')".replace("'", "")),
    ("echo a`$b a`nb", "(cmd echo a$b anb)"),
    ("echo a#b # comment", "(cmd echo a#b)"),
    ("echo -x:$true", "(cmd echo -x:$true)"),
    ("% { $_ }", "(cmd % {$_})"),
    ("1..3 | % { $_ * 2 }", "(pipe (.. 1 3) (cmd % {(* $_ 2)}))"),
    ("1..3 | foreach { $_ }", "(pipe (.. 1 3) (cmd foreach {$_}))"),
    ("gci | ? Name -like 'a*'", "(pipe (cmd gci) (cmd ? Name -like 'a*'))"),
    ("Get-X -Filter {$_.x} -Arg (1)", "(cmd Get-X -Filter {(. $_ x)} -Arg (paren 1))"),
    ("echo a `\n  b", "(cmd echo a b)"),
    ("foo.exe(1)", "(cmd foo.exe (paren 1))"),
    ("Write-Host -Object:$x,$y", "(cmd Write-Host -Object:(array $x $y))"),
    ("echo ,1", "(cmd echo (, 1))"),
    # redirections
    ("Receive-Job $job > ~/logs/PsLog.txt", "(cmd Receive-Job $job 1>~/logs/PsLog.txt)"),
    ("a >> f 2> e 2>> e2", "(cmd a 1>>f 2>e 2>>e2)"),
    ("a 2>&1 3>&1 *>&1", "(cmd a 2>&1 3>&1 *>&1)"),
    ("a *> all.txt *>> more", "(cmd a *>all.txt *>>more)"),
    ("a 6> x 4>>y", "(cmd a 6>x 4>>y)"),
    ("a > $null", "(cmd a 1>$null)"),
    ("a >f.txt", "(cmd a 1>f.txt)"),
    ("$x > out.txt", "(expr $x 1>out.txt)"),
    ("1..3 2>&1", "(expr (.. 1 3) 2>&1)"),
    ("'a' *> x", "(expr 'a' *>x)"),
    ("a 2>&1 | b", "(pipe (cmd a 2>&1) (cmd b))"),
    # values
    ("1", "1"),
    ("1.5", "1.5"),
    (".5", "0.5"),
    ("0x10", "16"),
    ("0xff", "255"),
    ("1kb", "1024"),
    ("2MB", "2097152"),
    ("1gb", "1073741824"),
    ("1.5kb", "1536.0"),
    ("1e3", "1000.0"),
    ("1.5e-3", "0.0015"),
    ("10L", "10"),
    ("-1", "-1"),
    ("- 1", "(- 1)"),
    ("'it''s'", "'it's'"),
    ("\"a\"\"b\"", '"a"b"'),
    ("\"tab`there`n\"", '"tab\there\n"'),
    ("\"`0`a`b`e`f`r`v`\"`$`` \"", '"\x00\x07\x08\x1b\x0c\r\x0b"$` "'),
    ("\"`u{263A}\"", '"\u263a"'),
    ("\"\"", '""'),
    ("''", "''"),
    ("\"50$ and $ x\"", '"50$ and $ x"'),
    ("\"hi $name!\"", "(expand:double 'hi ' $name '!')"),
    ("\"$x.Prop\"", "(expand:double $x '.Prop')"),
    ("\"$x[0]\"", "(expand:double $x '[0]')"),
    ("\"$env:PATH;$global:y\"", "(expand:double $env:PATH ';' $global:y)"),
    ("\"${a b}c\"", "(expand:double $a b 'c')"),
    ("\"$($x.Name) and $(1 + 2)\"",
     "(expand:double ($ (. $x Name)) ' and ' ($ (+ 1 2)))"),
    ("\"$(\"inner $y\")\"", "(expand:double ($ (expand:double 'inner ' $y)))"),
    ("\"$_ $? $$ $^\"", "(expand:double $_ ' ' $? ' ' $$ ' ' $^)"),
    ("\u201csmart\u201d", '"smart"'),
    ("\u2018smart\u2019", "'smart'"),
    ("@'\nline1\n  'x' \"y\" $z\n'@", "@'line1\n  'x' \"y\" $z'@"),
    ("@\"\nhello $x\n\"quoted\"\n\"@", "(expand:here_double 'hello ' $x '\\n\"quoted\"')"),
    ("@\"\nplain\n\"@", '@"plain"@'),
    ("@\"\n\"@", '@""@'),
    ("@'  \r\nwin\r\n'@", "@'win'@"),
    ("$true; $false; $null", "$true; $false; $null"),
    ("$x", "$x"),
    ("$global:x; $script:x; $using:x; $env:PATH; $local:y; $private:z",
     "$global:x; $script:x; $using:x; $env:PATH; $local:y; $private:z"),
    ("$_; $?; $^; $$; $PSItem", "$_; $?; $^; $$; $PSItem"),
    ("${a b}; ${env:HOME}", "$a b; $env:HOME"),
    ("$Env:Path", "$env:Path"),
    ("1,2,3", "(array 1 2 3)"),
    (",1", "(, 1)"),
    ("1,\n2", "(array 1 2)"),
    ("@(1,2)", "(@ (array 1 2))"),
    ("@(\n1\n2\n)", "(@ 1; 2)"),
    ("@()", "(@ )"),
    ("@{}", "(hash)"),
    ("@{a=1; b=2}", "(hash (a 1) (b 2))"),
    ("@{\n  a = 1\n  'b c' = Get-Date\n  3 = $x; $k = 4\n}",
     "(hash (a 1) ('b c' (cmd Get-Date)) (3 $x) ($k 4))"),
    ("@{ Name = 'x'; Expression = { $_.Length } }",
     "(hash (Name 'x') (Expression {(. $_ Length)}))"),
    ("@{a-b=1; x.y=2}", "(hash (a-b 1) (x.y 2))"),
    ("@{a = if ($x) {1} else {2}}", "(hash (a (if ($x) {1} else {2})))"),
    ("[ordered]@{a=1}", "([ordered] (hash (a 1)))"),
    ("[pscustomobject]@{Name='x'}", "([pscustomobject] (hash (Name 'x')))"),
    ("1..60", "(.. 1 60)"),
    ("$a..$b", "(.. $a $b)"),
    ("{ param($x) $x * 2 }", "{(param $x); (* $x 2)}"),
    ("{ $args[0] }", "{(index $args 0)}"),
    ("{}", "{}"),
    ("[int]$x", "([int] $x)"),
    ("[int] $x", "([int] $x)"),
    ("[string[]]$a", "([string[]] $a)"),
    ("[datetime]'2024-01-01'", "([datetime] '2024-01-01')"),
    ("[int][char]'a'", "([int] ([char] 'a'))"),
    ("[int]-1", "([int] -1)"),
    ("[int]-$x", "([int] (- $x))"),
    ("[int]!$x", "([int] (! $x))"),
    ("[int](1.5)", "([int] (paren 1.5))"),
    ("[string]$x.Length", "([string] (. $x Length))"),
    ("[int]", "[int]"),
    ("[math]::Round(1.5)", "(::call [math] Round 1.5)"),
    ("[math]::Round(1.5, 2)", "(::call [math] Round 1.5 2)"),
    ("[datetime]::Now", "(:: [datetime] Now)"),
    ("[datetime]::Now.AddDays(-1).Day", "(. (.call (:: [datetime] Now) AddDays -1) Day)"),
    ("[System.Collections.Generic.List[string]]::new()",
     "(::call [System.Collections.Generic.List[string]] new)"),
    ("[Dictionary[string, int]]", "[Dictionary[string,int]]"),
    ("[int[,]]", "[int[,]]"),
    ("[ int ]$x", "([int] $x)"),
    ("[\n  int\n]$x", "([int] $x)"),
    ("$x -is [int]", "(-is $x [int])"),
    ("$x -as [string[]]", "(-as $x [string[]])"),
    # member access, calls, indexing
    ("$job.State", "(. $job State)"),
    ("$x.$name", "(. $x $name)"),
    ("$x.'a b'", "(. $x 'a b')"),
    ("$x.\"a$b\"", "(. $x (expand:double 'a' $b))"),
    ("$x.($n + 1)", "(. $x (paren (+ $n 1)))"),
    ("$s.Substring(1, 2).ToUpper()", "(.call (.call $s Substring 1 2) ToUpper)"),
    ("$x.M(\n  1,\n  2\n)", "(.call $x M 1 2)"),
    ("$x.M((1,2), @(3))", "(.call $x M (paren (array 1 2)) (@ 3))"),
    ("$x.Where({ $_ -gt 1 })", "(.call $x Where {(-gt $_ 1)})"),
    ("$a[0]", "(index $a 0)"),
    ("$h['k']", "(index $h 'k')"),
    ("$a[1..2]", "(index $a (.. 1 2))"),
    ("$a[-1]", "(index $a -1)"),
    ("$a[0,2]", "(index $a (array 0 2))"),
    ("$a[0][1].x", "(. (index (index $a 0) 1) x)"),
    ("'abc'.Length", "(. 'abc' Length)"),
    ("(1,2).Count", "(. (paren (array 1 2)) Count)"),
    ("$x::Foo", "(:: $x Foo)"),
    ("$i++", "(post++ $i)"),
    ("$i--", "(post-- $i)"),
    ("++$i", "(++ $i)"),
    ("--$i", "(-- $i)"),
    ("$a.b++", "(post++ (. $a b))"),
    # operators and precedence
    ("1 + 2 * 3", "(+ 1 (* 2 3))"),
    ("(1 + 2) * 3", "(* (paren (+ 1 2)) 3)"),
    ("1 - 2 - 3", "(- (- 1 2) 3)"),
    ("10 / 2 % 3", "(% (/ 10 2) 3)"),
    ("$a-1", "(- $a 1)"),
    ("$a -1", "(- $a 1)"),
    ("$a - -1", "(- $a -1)"),
    ("'{0}' -f 1 + 2", "(+ (-f '{0}' 1) 2)"),
    ("'{0} {1}' -f 1, 2", "(-f '{0} {1}' (array 1 2))"),
    ("1..3 + 4", "(+ (.. 1 3) 4)"),
    ("1,2 + 3", "(+ (array 1 2) 3)"),
    ("1,2 -join '-'", "(-join (array 1 2) '-')"),
    ("-not $a -eq $b", "(-eq (-not $a) $b)"),
    ("!$a -and $b", "(-and (! $a) $b)"),
    ("-not (Test-Path $p)", "(-not (paren (cmd Test-Path $p)))"),
    ("$a -and $b -or $c", "(-or (-and $a $b) $c)"),
    ("$a -eq 1 -and $b -ne 2", "(-and (-eq $a 1) (-ne $b 2))"),
    ("1 -band 3 -eq 3", "(-band 1 (-eq 3 3))"),
    ("1 -bor 2 -bxor 3", "(-bxor (-bor 1 2) 3)"),
    ("-bnot 5", "(-bnot 5)"),
    ("1 -shl 2", "(-shl 1 2)"),
    ("$x -EQ 1", "(-eq $x 1)"),
    ("$x -ceq 'A'", "(-ceq $x 'A')"),
    ("$x -ieq 'A'", "(-ieq $x 'A')"),
    ("$x -cLike 'a*'", "(-clike $x 'a*')"),
    ("$x -notlike 'a*'", "(-notlike $x 'a*')"),
    ("$x -match '^a' -and $matches[0]", "(-and (-match $x '^a') (index $matches 0))"),
    ("$x -notmatch 'b'", "(-notmatch $x 'b')"),
    ("$a -contains 1", "(-contains $a 1)"),
    ("$a -notcontains 1", "(-notcontains $a 1)"),
    ("1 -in 1,2", "(-in 1 (array 1 2))"),
    ("1 -notin 1,2", "(-notin 1 (array 1 2))"),
    ("$x -replace 'a','b'", "(-replace $x (array 'a' 'b'))"),
    ("$x -creplace 'a'", "(-creplace $x 'a')"),
    ("$x -split ','", "(-split $x ',')"),
    ("-split $x", "(-split $x)"),
    ("-join $x", "(-join $x)"),
    ("$x -xor $y", "(-xor $x $y)"),
    ("$a -gt 1 -and\n  $b -lt 2", "(-and (-gt $a 1) (-lt $b 2))"),
    ("1 +\n 2", "(+ 1 2)"),
    ("$x\u2013eq 1", "(-eq $x 1)"),
    ("(Get-Date) - $start", "(- (paren (cmd Get-Date)) $start)"),
    ("\"a\" * 3", '(* "a" 3)'),
    # assignment
    ("$x = 1", "(= $x 1)"),
    ("$x = Get-Date", "(= $x (cmd Get-Date))"),
    ("$x = a | b", "(= $x (pipe (cmd a) (cmd b)))"),
    ("$x += 1; $x -= 1; $x *= 2; $x /= 2; $x %= 2",
     "(+= $x 1); (-= $x 1); (*= $x 2); (/= $x 2); (%= $x 2)"),
    ("$a[0] = 1", "(= (index $a 0) 1)"),
    ("$h.k = 2", "(= (. $h k) 2)"),
    ("$h['k'] = 2", "(= (index $h 'k') 2)"),
    ("$a, $b = 1, 2", "(= (array $a $b) (array 1 2))"),
    ("[int]$x = 5", "(= ([int] $x) 5)"),
    ("$x = $y = 1", "(= $x (= $y 1))"),
    ("$x =\n  5", "(= $x 5)"),
    ("$x = if ($a) {1} else {2}", "(= $x (if ($a) {1} else {2}))"),
    ("$x = foreach ($i in 1..2) { $i }", "(= $x (foreach $i in ((.. 1 2)) {$i}))"),
    ("$env:FOO = 'bar'", "(= $env:FOO 'bar')"),
    ("$global:count++", "(post++ $global:count)"),
    ("($x = 5)", "(paren (= $x 5))"),
    # statements and separators
    ("a; b", "(cmd a); (cmd b)"),
    ("a\nb\r\nc", "(cmd a); (cmd b); (cmd c)"),
    (";;a;;", "(cmd a)"),
    ("", ""),
    ("   \n\n  ", ""),
    ("# only a comment", ""),
    ("<# block\ncomment #> a", "(cmd a)"),
    ("a <# inline #> b", "(cmd a b)"),
    ("1 # comment\n2", "1; 2"),
    ("#requires -Version 7\nGet-Date", "(cmd Get-Date)"),
    ("\ufeffGet-Date", "(cmd Get-Date)"),
    ("if ($x) {\r\n  'a'\r\n}\r\nelse {\r\n  'b' # c\r\n}\r\n", "(if ($x) {'a'} else {'b'})"),
    # control flow
    ("if ($x) { 1 }", "(if ($x) {1})"),
    ("if ($x) { 1 } else { 2 }", "(if ($x) {1} else {2})"),
    ("if ($x) { 1 } elseif ($y) { 2 } elseif ($z) { 3 } else { 4 }",
     "(if ($x) {1} ($y) {2} ($z) {3} else {4})"),
    ("if ($x)\n{\n 1\n}\nelse\n{\n 2\n}", "(if ($x) {1} else {2})"),
    ("if($x){1}else{2}", "(if ($x) {1} else {2})"),
    ("IF ($x) { 1 } ELSE { 2 }", "(if ($x) {1} else {2})"),
    ("if (Test-Path $p) { }", "(if ((cmd Test-Path $p)) {})"),
    ("if ($x = Get-Y) { $x }", "(if ((= $x (cmd Get-Y))) {$x})"),
    ("if ($x) { 1 }\n2", "(if ($x) {1}); 2"),
    ("foreach ($x in 1..3) { $x }", "(foreach $x in ((.. 1 3)) {$x})"),
    ("foreach ($x in Get-ChildItem) { }", "(foreach $x in ((cmd Get-ChildItem)) {})"),
    ("foreach($x in$list){$x}", "(foreach $x in ($list) {$x})"),
    ("foreach ($x in $a) { if ($x) { continue } else { break } }",
     "(foreach $x in ($a) {(if ($x) {(continue)} else {(break)})})"),
    ("for ($i = 0; $i -lt 3; $i++) { $i }",
     "(for ((= $i 0); (-lt $i 3); (post++ $i)) {$i})"),
    ("for (;;) { break }", "(for (None; None; None) {(break)})"),
    ("for ($i = 0\n $i -lt 3\n $i++) { }", "(for ((= $i 0); (-lt $i 3); (post++ $i)) {})"),
    ("while ($true) { break }", "(while ($true) {(break)})"),
    ("do { $i++ } while ($i -lt 3)", "(do {(post++ $i)} while ((-lt $i 3)))"),
    ("do { $i++ } until ($i -ge 3)", "(do {(post++ $i)} until ((-ge $i 3)))"),
    ("do {\n 1\n}\nwhile ($x)", "(do {1} while ($x))"),
    ("switch ($x) { 1 { 'one' } 'two' { 2 } default { 'other' } }",
     "(switch ($x) 1 {'one'} 'two' {2} default {'other'})"),
    ("switch -regex ($x) { '^a' { 1 } }", "(switch -regex ($x) '^a' {1})"),
    ("switch -Wildcard -CaseSensitive ($x) { 'a*' { 1 } }",
     "(switch -casesensitive -wildcard ($x) 'a*' {1})"),
    ("switch -exact ($x) { a {1} }", "(switch -exact ($x) a {1})"),
    ("switch ($x) {\n  { $_ -gt 5 } { 'big' }\n  $y { 'y' }\n  (1+1) { 2 }\n}",
     "(switch ($x) {(-gt $_ 5)} {'big'} $y {'y'} (paren (+ 1 1)) {2})"),
    ("switch -file ./x.txt { a { 1 } }", "(switch -file (./x.txt) a {1})"),
    ("switch (1, 2) { 1 { 'a'; break } }", "(switch ((array 1 2)) 1 {'a'; (break)})"),
    (":outer foreach ($a in $b) { foreach ($c in $d) { break outer } }",
     "(:outer foreach $a in ($b) {(foreach $c in ($d) {(break outer)})})"),
    (":l while (1) { continue l }", "(:l while (1) {(continue l)})"),
    (":l for (;;) { }", "(:l for (None; None; None) {})"),
    (":s switch ($x) { }", "(:s switch ($x))"),
    ("return", "(return)"),
    ("return 1", "(return 1)"),
    ("return $x | Sort-Object", "(return (pipe $x (cmd Sort-Object)))"),
    ("exit", "(exit)"),
    ("exit 3", "(exit 3)"),
    ("exit $LASTEXITCODE", "(exit $LASTEXITCODE)"),
    ("throw", "(throw)"),
    ("throw 'bad'", "(throw 'bad')"),
    ("throw \"bad $x\"", "(throw (expand:double 'bad ' $x))"),
    ("break; continue", "(break); (continue)"),
    ("if ($x) { return }", "(if ($x) {(return)})"),
    ("try { 1 } catch { 2 }", "(try {1} catch {2})"),
    ("try { 1 } finally { 3 }", "(try {1} finally {3})"),
    ("try { 1 } catch [System.IO.IOException], [System.Exception] { 2 } catch { 3 } "
     "finally { 4 }",
     "(try {1} catch [System.IO.IOException] [System.Exception] {2} catch {3} finally {4})"),
    ("try {\n 1\n}\ncatch\n{\n 2\n}\nfinally\n{\n 3\n}", "(try {1} catch {2} finally {3})"),
    # functions and script blocks
    ("function f { 1 }", "(function f {1})"),
    ("function Get-Thing { param($a) $a }", "(function Get-Thing {(param $a); $a})"),
    ("function f($a, $b) { $a + $b }", "(function f {(param $a $b); (+ $a $b)})"),
    ("function f ([int]$a = 1) { }", "(function f {(param [int]$a=1)})"),
    ("function global:f { }", "(function global:f {})"),
    ("function f\n{\n 1\n}", "(function f {1})"),
    ("filter f { $_ }", "(filter f {$_})"),
    ("function f { begin { 1 } process { 2 } end { 3 } }",
     "(function f {(begin 1); (process 2); (end 3)})"),
    ("function f { param($x) process { $x } }", "(function f {(param $x); (process $x)})"),
    ("function f { process { $_ } }", "(function f {(process $_)})"),
    ("{ begin { 1 }\n end { 2 } }", "{(begin 1); (end 2)}"),
    ("function f {\n  [CmdletBinding()]\n  param([Parameter(Mandatory)][string]$Name)\n  $Name\n}",
     "(function f {[CmdletBinding()](param [Parameter(Mandatory)][string]$Name); $Name})"),
    ("param([Parameter(Mandatory=$true, ValueFromPipeline=$true, Position=0)]$x, "
     "[switch]$Force, [int]$Count = 3)",
     "(param [Parameter(Mandatory=$true, ValueFromPipeline=$true, Position=0)]$x "
     "[switch]$Force [int]$Count=3)"),
    ("param(\n  [ValidateSet('a', 'b')]\n  [string]$Mode = 'a',\n  [Alias('cn')][string[]]$ComputerName\n)",
     "(param [ValidateSet('a', 'b')][string]$Mode='a' [Alias('cn')][string[]]$ComputerName)"),
    ("param()", "(param)"),
    ("param($a)\n$a", "(param $a); $a"),
    ("# header\nparam($a)", "(param $a)"),
    ("[CmdletBinding()]\nparam($a)\n$a", "[CmdletBinding()](param $a); $a"),
    ("process { $_ }", "(process $_)"),
    ("$sb = { param($a, $b) $a + $b }", "(= $sb {(param $a $b); (+ $a $b)})"),
    ("Start-Job { param($x) $x } -ArgumentList 1,2",
     "(cmd Start-Job {(param $x); $x} -ArgumentList (array 1 2))"),
    ("end", "(cmd end)"),
    ("Get-X -Begin { 1 } -Process { $_ }", "(cmd Get-X -Begin {1} -Process {$_})"),
    # keywords are keywords only at statement start
    ("Write-Output if else foreach", "(cmd Write-Output if else foreach)"),
    ("foreach-object { $_ }", "(cmd foreach-object {$_})"),
    ("if-x", "(cmd if-x)"),
    ("function:foo", "(cmd function:foo)"),
    ("$x = do-it", "(= $x (cmd do-it))"),
    # PowerShell 7: ternary, null-coalescing, null-conditional access
    ("$c ? 1 : 2", "(? $c 1 2)"),
    ("$c ?\n 1 :\n 2", "(? $c 1 2)"),
    ("$c ? 1\n : 2", "(? $c 1 2)"),
    ("$a -gt 1 ? 'big' : 'small'", "(? (-gt $a 1) 'big' 'small')"),
    ("$a ? $b ? 1 : 2 : 3", "(? $a (? $b 1 2) 3)"),
    ("$a ? 1 : $b ? 2 : 3", "(? $a 1 (? $b 2 3))"),
    ("$c ? 1,2 : 3", "(? $c (array 1 2) 3)"),
    ("$c ? 1:2", "(? $c 1 2)"),
    ("(1 -gt 0)?'y':'n'", "(? (paren (-gt 1 0)) 'y' 'n')"),
    ("$x = $c ? (Get-A) : $null", "(= $x (? $c (paren (cmd Get-A)) $null))"),
    ("$x.M($c ? 1 : 2, 3)", "(.call $x M (? $c 1 2) 3)"),
    ("$a ?? 'd'", "(?? $a 'd')"),
    ("$a ?? $b ?? 3", "(?? (?? $a $b) 3)"),
    ("$a ?? 1 + 2", "(?? $a (+ 1 2))"),
    ("$a ?? $b -eq 3", "(-eq (?? $a $b) 3)"),
    ("$a ??\n 1", "(?? $a 1)"),
    ("$a ??= 5", "(??= $a 5)"),
    ("$h.k ??= Get-Date", "(??= (. $h k) (cmd Get-Date))"),
    ("${a}?.Name", "(?. $a Name)"),
    ("${a}?.Name.Length", "(. (?. $a Name) Length)"),
    ("$a.b?.c", "(?. (. $a b) c)"),
    ("${a}?.Trim()", "(?.call $a Trim)"),
    ("${a}?.Sub(1, 2)", "(?.call $a Sub 1 2)"),
    ("${a}?[0]", "(?index $a 0)"),
    ("${a}?[0]?[1]", "(?index (?index $a 0) 1)"),
    ("(Get-X)?.Name", "(?. (paren (cmd Get-X)) Name)"),
    ("echo ${a}?.Name", "(cmd echo (?. $a Name))"),
    # `?` is a variable-name character: `$a?` is the variable `a?`
    ("$a?", "$a?"),
    ("$a?.b", "(. $a? b)"),
    ("$a??", "$a??"),
    ("$env:a?", "$env:a?"),
    ("\"is $a?\"", "(expand:double 'is ' $a?)"),
    ("echo @a?", "(cmd echo @a?)"),
    ("$?", "$?"),
    ("$? ? 1 : 2", "(? $? 1 2)"),
    ("$??1:2", "(? $? 1 2)"),
    # as in PowerShell, a number glued to ? or : at a statement's start is a command name
    ("1?2:3", "(cmd 1?2:3)"),
    ("a?b", "(cmd a?b)"),
    ("? { $_ }", "(cmd ? {$_})"),
    ("Get-X | ? Name", "(pipe (cmd Get-X) (cmd ? Name))"),
    # pipeline chains
    ("a && b", "(&& (cmd a) (cmd b))"),
    ("a || b", "(|| (cmd a) (cmd b))"),
    ("a && b || c", "(|| (&& (cmd a) (cmd b)) (cmd c))"),
    ("a | b && c | d", "(&& (pipe (cmd a) (cmd b)) (pipe (cmd c) (cmd d)))"),
    ("a &&\n  b", "(&& (cmd a) (cmd b))"),
    ("a&&b", "(&& (cmd a) (cmd b))"),
    ("a && b &", "(&&& (cmd a) (cmd b))"),
    ("a && b & c", "(&&& (cmd a) (cmd b)); (cmd c)"),
    ("a 2>&1 && b > x.txt", "(&& (cmd a 2>&1) (cmd b 1>x.txt))"),
    ("1 && 'x'", "(&& 1 'x')"),
    ("$x = a && b", "(= $x (&& (cmd a) (cmd b)))"),
    ("(a || b)", "(paren (|| (cmd a) (cmd b)))"),
    ("if (a && b) { 1 }", "(if ((&& (cmd a) (cmd b))) {1})"),
    ("return a || b", "(return (|| (cmd a) (cmd b)))"),
    ("a && & $sb", "(&& (cmd a) (cmd& $sb))"),
]


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0][:40] for c in CASES])
def test_shapes(text: str, expected: str) -> None:
    assert shape(text) == expected


# ---------------------------------------------------------------- node details
def first(text: str) -> A.Node:
    """The first statement of ``text``, unwrapped to its expression when it is one."""
    stmt = parse(text).end_block.statements[0]
    if type(stmt) is A.PipelineAst and len(stmt.elements) == 1:
        el = stmt.elements[0]
        if type(el) is A.CommandExpressionAst:
            return el.expression
        return el
    return stmt


def test_numbers_are_int_or_float() -> None:
    assert type(first("1").value) is int
    assert type(first("1.0").value) is float
    assert type(first("1e3").value) is float
    assert type(first("0x10").value) is int
    assert type(first("1kb").value) is int
    cmd = first("echo 3 3.5")
    assert [type(e.value) for e in cmd.elements[1:]] == [int, float]


def test_scriptblock_text_is_inside_the_braces() -> None:
    sb = first("{ param($x)\n  $x * 2 }")
    assert type(sb) is A.ScriptBlockExpressionAst
    assert sb.text == " param($x)\n  $x * 2 "
    assert sb.extent.text == "{ param($x)\n  $x * 2 }"
    assert type(sb.body) is A.ScriptBlockAst


def test_nested_scriptblock_text() -> None:
    cmd = first("Invoke-Command -ScriptBlock { Get-Process | Where-Object { $_.CPU } } -AsJob")
    sb = cmd.elements[2]
    assert sb.text == " Get-Process | Where-Object { $_.CPU } "


def test_extents_cover_node_text() -> None:
    src = "$x = 1\nGet-Process -Name  foo | Sort-Object\n  $y.Name.Length + 2"
    block = parse(src).end_block
    assign, pipe, expr = block.statements
    assert assign.extent.text == "$x = 1"
    assert assign.target.extent.text == "$x"
    assert pipe.extent.text == "Get-Process -Name  foo | Sort-Object"
    cmd = pipe.elements[0]
    assert cmd.extent.text == "Get-Process -Name  foo"
    assert [e.extent.text for e in cmd.elements] == ["Get-Process", "-Name", "foo"]
    assert (cmd.elements[2].extent.line, cmd.elements[2].extent.column) == (2, 20)
    binary = expr.elements[0].expression
    assert binary.extent.text == "$y.Name.Length + 2"
    assert binary.left.extent.text == "$y.Name.Length"
    assert binary.left.target.extent.text == "$y.Name"
    assert (binary.extent.line, binary.extent.column) == (3, 3)


def test_extent_of_parameter_with_argument_and_string() -> None:
    cmd = first("Get-Item -Path:'a b' \"x $y\"")
    assert cmd.elements[1].extent.text == "-Path:'a b'"
    assert cmd.elements[1].argument.extent.text == "'a b'"
    assert cmd.elements[2].extent.text == '"x $y"'
    assert cmd.elements[2].parts[1].extent.text == "$y"


def test_extents_of_statements() -> None:
    block = parse("if ($a) { 1 } else { 2 }\nfunction f { }\n").end_block
    assert block.statements[0].extent.text == "if ($a) { 1 } else { 2 }"
    assert block.statements[1].extent.text == "function f { }"
    assert parse("a").extent.text == "a"


def test_variable_details() -> None:
    v = first("$Global:Count")
    assert (v.name, v.scope, v.splatted) == ("Count", "global", False)
    s = first("Get-X @Params").elements[1]
    assert (s.name, s.scope, s.splatted) == ("Params", None, True)
    assert first("$x").scope is None
    assert first("${a-b c}").name == "a-b c"


def test_operators_are_lower_case() -> None:
    assert first("$a -EQ $b -AND $c").operator == "-and"
    assert first("-NOT $a").operator == "-not"
    assert first("$a -CReplace 'x'").operator == "-creplace"


def test_switch_flags_and_default() -> None:
    sw = first("switch -Regex -casesensitive ($x) { 'a' { 1 } DEFAULT { 2 } }")
    assert sw.flags == frozenset({"regex", "casesensitive"})
    assert type(sw.default) is A.StatementBlockAst
    assert len(sw.clauses) == 1


def test_function_parameters_fold_into_param_block() -> None:
    fn = first("function f([string]$a, $b = 2) { $a }")
    assert type(fn) is A.FunctionDefinitionAst
    params = fn.body.param_block.parameters
    assert [(p.name, p.type_name) for p in params] == [("a", "string"), ("b", None)]
    assert params[1].default.value == 2
    assert fn.is_filter is False


def test_attribute_arguments() -> None:
    sb = parse("param([Parameter(Mandatory, Position=0)][ValidateRange(1, 10)][int]$n)")
    (param,) = sb.param_block.parameters
    attr, rng = param.attributes
    assert attr.type_name == "Parameter"
    assert attr.named[0] == ("Mandatory", None)
    assert attr.named[1][0] == "Position" and attr.named[1][1].value == 0
    assert [a.value for a in rng.positional] == [1, 10]
    assert param.type_name == "int"


def test_hashtable_values_are_statements() -> None:
    h = first("@{a = 1; b = Get-Date}")
    (ka, va), (kb, vb) = h.pairs
    assert type(va) is A.PipelineAst and type(vb) is A.PipelineAst
    assert type(vb.elements[0]) is A.CommandAst
    assert ka.kind == "bare" and ka.value == "a"


def test_command_name_kinds() -> None:
    assert first("Get-Process").elements[0].kind == "bare"
    amp = first("& 'C:/my prog.exe' x")
    assert amp.invocation_operator == "&"
    assert amp.elements[0].kind == "single"


def test_here_string_crlf_and_blank_lines() -> None:
    assert first("@'\r\na\r\n\r\nb\r\n'@").value == "a\r\n\r\nb"
    assert first("@\"\n\n\"@").value == ""
    assert first("@\"\nx\n\"@ | Out-Null").value == "x" if False else True


def test_param_block_and_named_blocks_at_top_level() -> None:
    sb = parse("param($a)\nbegin { 1 }\nprocess { $_ }\nend { 3 }")
    assert sb.param_block.parameters[0].name == "a"
    assert sb.begin_block.statements and sb.process_block.statements and sb.end_block.statements


def test_body_goes_to_end_block() -> None:
    sb = parse("1\n2")
    assert sb.begin_block is None and sb.process_block is None
    assert len(sb.end_block.statements) == 2


def test_nested_constructs() -> None:
    text = ("$r = foreach ($f in (Get-ChildItem -Recurse | Where-Object { $_.Length -gt 1kb })) "
            "{ [pscustomobject]@{ Name = $f.Name; Size = \"$([math]::Round($f.Length / 1kb, 1)) KB\" } }")
    assert shape(text).startswith("(= $r (foreach $f in ((paren (pipe (cmd Get-ChildItem -Recurse)")


# ---------------------------------------------------------------- errors
ERRORS = [
    # text, message, line, column, incomplete
    ("1 +* 2", "You must provide a value expression following the '+' operator.", 1, 4, False),
    (")", "Unexpected token ')' in expression or statement.", 1, 1, False),
    ("}", "Unexpected token '}' in expression or statement.", 1, 1, False),
    ("1 2", "Unexpected token '2' in expression or statement.", 1, 3, False),
    ("$x foo", "Unexpected token 'foo' in expression or statement.", 1, 4, False),
    ("if {", "Missing '(' after 'if' in if statement.", 1, 4, False),
    ("if (1) x", "Missing statement block after if ( condition ).", 1, 8, False),
    ("if ()", "Missing condition in if statement after 'if ('.", 1, 5, False),
    ("if (", "Missing condition in if statement after 'if ('.", 1, 5, True),
    ("if (1", "Missing closing ')' after expression in 'if' statement.", 1, 6, True),
    ("if (1)", "Missing statement block after if ( condition ).", 1, 7, True),
    ("if (1)\n", "Missing statement block after if ( condition ).", 1, 7, True),
    ("if (1) {", "Missing closing '}' in statement block or type definition.", 1, 8, True),
    ("if (1) {\n  2\n", "Missing closing '}' in statement block or type definition.", 1, 8, True),
    ("if (1) {} else", "Missing statement block after 'else' keyword.", 1, 15, True),
    ("if (1) {} elseif", "Missing '(' after 'elseif' in if statement.", 1, 17, True),
    ("function f", "Missing function body in function declaration.", 1, 11, True),
    ("function", "Missing name after function keyword.", 1, 9, True),
    ("function f(", "Missing parameter name", 1, 12, True),
    ("function f($a", "Missing ')' in function parameter list.", 1, 11, True),
    ("function f { ", "Missing closing '}' in statement block or type definition.", 1, 12, True),
    ("do {}", "Missing while or until keyword in do loop.", 1, 6, True),
    ("do {} x", "Missing while or until keyword in do loop.", 1, 7, False),
    ("do {} while", "Missing '(' after 'while' in while statement.", 1, 12, True),
    ("try {}", "The Try statement is missing its Catch or Finally block.", 1, 7, True),
    ("try {} x", "The Try statement is missing its Catch or Finally block.", 1, 8, False),
    ("try {} catch", "Missing statement block in catch block.", 1, 13, True),
    ("try {} catch [x", "Missing ']' at end of type name.", 1, 16, True),
    ("try", "Missing statement block after 'try'.", 1, 4, True),
    ("foreach", "Missing opening '(' after keyword 'foreach'.", 1, 8, True),
    ("foreach ($x", "Missing 'in' after variable in foreach loop.", 1, 12, True),
    ("foreach ($x in", "Missing foreach loop collection expression after 'in'.", 1, 15, True),
    ("foreach (x in $y) {}", "Missing variable name after foreach.", 1, 10, False),
    ("foreach ($x in $y)", "Missing statement body in foreach loop.", 1, 19, True),
    ("for (", "Missing closing ')' after expression in 'for' statement.", 1, 6, True),
    ("for (;;)", "Missing statement body in for loop.", 1, 9, True),
    ("while ($x)", "Missing statement body in while loop.", 1, 11, True),
    ("while", "Missing '(' after 'while' in while statement.", 1, 6, True),
    ("switch ($x)", "Missing '{' in switch statement", 1, 12, True),
    ("switch ($x) {", "Missing closing '}' in switch statement.", 1, 13, True),
    ("switch ($x) { a ", "Missing statement block in switch statement clause.", 1, 16, True),
    ("switch -foo ($x) {}", "Unknown switch flag '-foo'", 1, 8, False),
    ("Get-X |", "An empty pipe element is not allowed.", 1, 7, True),
    ("Get-X |\n\n", "An empty pipe element is not allowed.", 1, 7, True),
    ("Get-X | ;", "An empty pipe element is not allowed.", 1, 7, False),
    ("Get-X ||", "A pipeline chain operator must be followed by a pipeline.", 1, 9, True),
    ("a &&\n", "A pipeline chain operator must be followed by a pipeline.", 1, 5, True),
    ("a && ;", "A pipeline chain operator must be followed by a pipeline.", 1, 3, False),
    ("a || )", "A pipeline chain operator must be followed by a pipeline.", 1, 3, False),
    ("a & && b", "Background operators can only be used at the end of a pipeline chain.", 1, 5,
     False),
    ("a && b & || c", "Background operators can only be used at the end of a pipeline chain.", 1,
     10, False),
    ("a && $x = 1", "Unexpected token '=' in expression or statement.", 1, 9, False),
    ("&& b", "Unexpected token '&&' in expression or statement.", 1, 1, False),
    ("1 | 2", "Expressions are only allowed as the first element of a pipeline.", 1, 5, False),
    ("Get-X | $x", "Expressions are only allowed as the first element of a pipeline.", 1, 9,
     False),
    ("1 +", "You must provide a value expression following the '+' operator.", 1, 4, True),
    ("1 -eq\n", "You must provide a value expression following the '-eq' operator.", 1, 6, True),
    ("2 +\n", "You must provide a value expression following the '+' operator.", 1, 4, True),
    ("2 +   \n\n  ", "You must provide a value expression following the '+' operator.", 1, 4, True),
    ("(1 +\n", "You must provide a value expression following the '+' operator.", 1, 5, True),
    ("$c ?", "You must provide a value expression following the '?' operator.", 1, 5, True),
    ("$c ? 3", "Missing ':' in the ternary expression.", 1, 7, True),
    ("$c ? 3\n", "Missing ':' in the ternary expression.", 1, 7, True),
    ("$c ? 3 :", "You must provide a value expression following the ':' operator.", 1, 9, True),
    ("$c ? :", "You must provide a value expression following the '?' operator.", 1, 5, False),
    ("$c ? : 3", "You must provide a value expression following the '?' operator.", 1, 5, False),
    ("$c ? 1 ; 2", "Missing ':' in the ternary expression.", 1, 8, False),
    ("$x ?.name", "You must provide a value expression following the '?' operator.", 1, 5, False),
    ("$cricket ?= $soccer", "You must provide a value expression following the '?' operator.",
     1, 11, False),
    ("$??=$false", "You must provide a value expression following the '?' operator.", 1, 4,
     False),
    ("$x??=", "You must provide a value expression following the '=' operator.", 1, 6, True),
    ("$x ??Get-Thing", "You must provide a value expression following the '??' operator.", 1, 6,
     False),
    ("$hello ??? $what", "You must provide a value expression following the '??' operator.", 1,
     10, False),
    ("1 ??= 1", "The assignment expression is not valid.", 1, 1, False),
    ("@() ??= 1", "The assignment expression is not valid.", 1, 1, False),
    ("[int] ??= 1", "The assignment expression is not valid.", 1, 1, False),
    ("$a,$b += 1,2", "The assignment expression is not valid.", 1, 1, False),
    ("$a,$b ??= 1,2", "The assignment expression is not valid.", 1, 1, False),
    ("[datetime]?::now", "You must provide a value expression following the '?' operator.", 1,
     12, False),
    ("${x}?.", "Missing property name after reference operator.", 1, 7, False),
    ("${x}?.name = 'v'", "The assignment expression is not valid.", 1, 1, False),
    ("${x}?[0] = 1", "The assignment expression is not valid.", 1, 1, False),
    ("${x}?[]", "Array index expression is missing or not valid.", 1, 7, False),
    ("${x}?[-]", "Missing expression after unary operator '-'.", 1, 8, False),
    ("${x}?[1", "Missing ']' after array index expression.", 1, 5, True),
    ("1 -eq # more\n", "You must provide a value expression following the '-eq' operator.", 1, 6,
     True),
    ("1,", "Missing expression after ','.", 1, 3, True),
    ("1, )", "Missing expression after ','.", 1, 3, False),
    ("$x.M(1,,2)", "Missing expression after ','.", 1, 8, False),
    ("$x.M(,1)", "Missing ')' in method call.", 1, 6, False),
    ("echo a,", "Missing argument in parameter list.", 1, 8, True),
    ("-", "Missing expression after unary operator '-'.", 1, 2, True),
    ("-not", "Missing expression after unary operator '-not'.", 1, 5, True),
    ("!)", "Missing expression after unary operator '!'.", 1, 2, False),
    ("$x =", "You must provide a value expression following the '=' operator.", 1, 5, True),
    ("$x = )", "You must provide a value expression following the '=' operator.", 1, 5, False),
    ("$x +=\n", "You must provide a value expression following the '+=' operator.", 1, 6, True),
    ("1 = 2", "The assignment expression is not valid.", 1, 1, False),
    ("$a + $b = 2", "The assignment expression is not valid.", 1, 1, False),
    ("echo `", "Missing the line after the line continuation character '`'.", 1, 6, True),
    ("echo a `\n", "Missing the line after the line continuation character '`'.", 1, 9, True),
    ("'abc", "The string is missing the terminator: '.", 1, 1, True),
    ("echo 'abc\nxyz", "The string is missing the terminator: '.", 1, 6, True),
    ('"abc', 'The string is missing the terminator: ".', 1, 1, True),
    ('"abc`', 'The string is missing the terminator: ".', 1, 1, True),
    ("echo don't", "The string is missing the terminator: '.", 1, 9, True),
    ("@'\nabc", "The string is missing the terminator: '@.", 1, 1, True),
    ('@"\nabc\n "@', 'The string is missing the terminator: "@.', 1, 1, True),
    ('@"', 'The string is missing the terminator: "@.', 1, 1, True),
    ('@" x\n"@', "No characters are allowed after a here-string header", 1, 4, False),
    ("$(1", "Missing closing ')' in subexpression.", 1, 1, True),
    ("@(1", "Missing closing ')' in subexpression.", 1, 1, True),
    ('"a $(1', "Missing closing ')' in subexpression.", 1, 4, True),
    ("@{a=1", "Missing closing '}' in hash literal.", 1, 1, True),
    ("@{a=1\n", "Missing closing '}' in hash literal.", 1, 1, True),
    ("@{a}", "Missing '=' operator after key in hash literal.", 1, 4, False),
    ("@{a=}", "Missing statement after '=' in hash literal.", 1, 5, False),
    ("@{a=1 b=2}", "Unexpected token 'b' in expression or statement.", 1, 7, False),
    ("(1", "Missing closing ')' in expression.", 1, 1, True),
    ("(1 2)", "Unexpected token '2' in expression or statement.", 1, 4, False),
    ("()", "An expression was expected after '('.", 1, 2, False),
    ("{", "Missing closing '}' in statement block or type definition.", 1, 1, True),
    ("{ 1 )", "Unexpected token ')' in expression or statement.", 1, 5, False),
    ("[int", "Missing ']' at end of type name.", 1, 5, True),
    ("[", "Missing type name after '['.", 1, 2, True),
    ("[1]", "Missing type name after '['.", 1, 2, False),
    ("$a[0", "Missing ']' after array index expression.", 1, 3, True),
    ("$a[]", "Array index expression is missing or not valid.", 1, 4, False),
    ("$x.M(1", "Missing ')' in method call.", 1, 5, True),
    ("$x.M(1 2)", "Unexpected token '2' in expression or statement.", 1, 8, False),
    ("$x.", "Missing property name after reference operator.", 1, 4, False),
    ("$x.)", "Missing property name after reference operator.", 1, 4, False),
    ("@x", "The splatting operator '@' cannot be used to reference variables in an expression.",
     1, 1, False),
    ("$x:", "Variable reference is not valid. ':' was not followed by a valid variable name",
     1, 1, False),
    ('"$x: y"', "Variable reference is not valid.", 1, 2, False),
    ("${a", "Missing closing '}' in the variable reference", 1, 1, True),
    ("<# abc", "Missing the terminator '#>' of the block comment.", 1, 1, True),
    ("a < b", "The '<' operator is reserved for future use.", 1, 3, False),
    ("[CmdletBinding()] $x", "Unexpected attribute 'CmdletBinding'.", 1, 1, False),
    ("[CmdletBinding()]", "Unexpected attribute 'CmdletBinding'.", 1, 1, True),
    ("$x -foo 1", "Unexpected token '-foo' in expression or statement.", 1, 4, False),
    ("a 1>&2", "The redirection operator '1>&2' is not supported", 1, 3, False),
    ("a >", "Missing file specification after redirection operator.", 1, 4, True),
    ("a > | b", "Missing file specification after redirection operator.", 1, 4, False),
    ("Get-X -Name:", "Missing an argument for parameter 'Name'.", 1, 13, True),
    ('"`u{zz}"', "The Unicode escape sequence is not valid.", 1, 2, False),
    ("class Foo {}", "The 'class' keyword is not supported by psrepl.", 1, 1, False),
    ("param($a) param($b)", "The param block must be the first statement", 1, 11, False),
    ("& ", "Missing expression after '&' in pipeline element.", 1, 2, True),
    ("a\n  b )", "Unexpected token ')' in expression or statement.", 2, 5, False),
    ("function f($a) { param($b) }", "A function cannot have both a parameter list", 1, 16, False),
    ("begin { } 1", "Unexpected token '1' in expression or statement.", 1, 11, False),
]


@pytest.mark.parametrize("text,message,line,column,incomplete", ERRORS,
                         ids=[e[0][:30] for e in ERRORS])
def test_errors(text: str, message: str, line: int, column: int, incomplete: bool) -> None:
    with pytest.raises(ParseError) as info:
        parse(text)
    err = info.value
    assert err.message.startswith(message), err.message
    assert (err.extent.line, err.extent.column) == (line, column), err.render()
    assert err.incomplete is incomplete


def test_error_render_shows_line_and_caret() -> None:
    with pytest.raises(ParseError) as info:
        parse("$a = 1\n$b = 1 +* 2")
    assert info.value.render() == ("ParserError: line 2, column 9:\n$b = 1 +* 2\n        ^\n"
                                   "You must provide a value expression following the '+' "
                                   "operator.")


INCOMPLETE_THEN_COMPLETE = [
    "if ($x) {\n  1\n}",
    "Get-Process |\n  Select-Object -First 1",
    "$h = @{\n  a = 1\n}",
    "function f {\n}",
    "'multi\nline'",
    "@'\nhere\n'@",
    "echo a `\n  b",
    "do {\n} while ($false)",
    "try {\n} finally {\n}",
    "$x = (\n 1 +\n 2\n)",
    "$x.Method(\n 1,\n 2)",
]


@pytest.mark.parametrize("text", INCOMPLETE_THEN_COMPLETE)
def test_every_prefix_line_is_incomplete(text: str) -> None:
    """What a console sees line by line: incomplete until the last line, then complete."""
    lines = text.split("\n")
    for count in range(1, len(lines)):
        prefix = "\n".join(lines[:count])
        with pytest.raises(ParseError) as info:
            parse(prefix)
        assert info.value.incomplete, (prefix, info.value.message)
    parse(text)


def test_deep_nesting_is_a_parse_error_not_a_crash() -> None:
    with pytest.raises(ParseError):
        parse("(" * 5000 + "1" + ")" * 5000)
    with pytest.raises(ParseError):
        parse("[" * 5000)


def test_filename_is_accepted() -> None:
    assert shape_of(parse("1", filename="x.ps1")) == "1"


def shape_of(node: A.Node) -> str:
    return sx(node)


def test_parse_speed() -> None:
    """The parser is on the hot path of every console line: a 100-line script in a few ms."""
    body = "\n".join([
        "function Get-Thing($a, $b) {",
        "    $result = @{ Name = $a; Value = $b * 2 }",
        "    if ($result.Value -gt 10 -and $a -like 'x*') { \"big $($result.Name)\" } else { 'small' }",
        "    return [pscustomobject]$result",
        "}",
        "$items = 1..20 | ForEach-Object { Get-Thing \"item$_\" $_ } | Where-Object { $_.Value -ge 4 }",
        "foreach ($i in $items) {",
        "    Write-Host ('{0,-10} {1}' -f $i.Name, $i.Value) -ForegroundColor Green",
        "    $total += $i.Value",
        "}",
    ] * 10)
    parse(body)
    runs = 20
    start = time.perf_counter()
    for _ in range(runs):
        parse(body)
    per_parse = (time.perf_counter() - start) / runs
    assert per_parse < 0.05, f"{per_parse * 1000:.1f} ms for 100 lines"


def walk(node: object):
    """Every AST node under ``node`` (tuples and (key, value) pairs included)."""
    if isinstance(node, A.Node):
        yield node
        for field in node._fields:
            yield from walk(getattr(node, field))
    elif isinstance(node, (tuple, list, frozenset)):
        for item in node:
            yield from walk(item)


def test_every_node_has_an_extent_in_the_source() -> None:
    text = "\n".join(CASE[0] for CASE in CASES)
    for source in [text] + [c[0] for c in CASES]:
        try:
            tree = parse(source)
        except ParseError:
            continue  # the joined text may not parse (param blocks mid-script); cases do
        for node in walk(tree):
            ext = node.extent
            assert ext is not A.EMPTY_EXTENT, (source, node)
            assert ext.source is source
            assert 0 <= ext.start <= ext.end <= len(source), (source, node)
            if not isinstance(node, (A.StatementBlockAst, A.ScriptBlockAst)):
                assert ext.text.strip(), (source, node)


def test_line_prefixes_of_valid_scripts_are_never_hard_errors() -> None:
    """The console parses after each line: a valid script cut at a line end is complete or
    incomplete, never a real error (else the console would reject what the user is typing)."""
    from pathlib import Path

    script = (Path(__file__).parent / "scripts" / "parser_constructs.ps1").read_text()
    for source in [c[0] for c in CASES] + [script]:
        lines = source.split("\n")
        for count in range(1, len(lines)):
            prefix = "\n".join(lines[:count])
            try:
                parse(prefix)
            except ParseError as err:
                assert err.incomplete, (prefix, err.message)
