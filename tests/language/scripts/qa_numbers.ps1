# casts, arithmetic and how numbers print
[int]'42'
[int]3.5
[int]2.5
[int]'0x1F'
[double]'1.5e3'
[string]42
[bool]'false'
[bool]''
[bool]0
[string[]](1,2)
[char]65
[long]'9223372036854775807'
[math]::Round(2.5)
[math]::Round(3.14159, 2)
[math]::Pow(2, 10)
[math]::Sqrt(16)
[math]::Max(3, 7)
[math]::PI
[int]::MaxValue
10 / 4
10 / 5
(10 / 5).GetType().Name
7 % 3
-7 % 3
[math]::Floor(-2.5)
1e3
0x10
1kb
5mb
1.0
1.5 * 2
0.1 + 0.2
1/3
1e20
123456789012345678
(123456789012345678).GetType().Name
(42).GetType().FullName
(4.2).GetType().FullName
'5' * 3
3 * '5'
[int]'  7  '
-5 % 3
[math]::Abs(-3)
2 -shl 3
-bnot 5
5 -band 3
5 -bor 3
5 -bxor 3
[int]::Parse('12')
[double]::Parse('1.25')
3.0
1e-5
123456789.123
[float]1.5
1.23e15
1.23e16
