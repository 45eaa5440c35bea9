# Sourced by the launchers: joins "$@" into one -Dargs value that exec:java splits back into the same
# arguments (it honours "..." and '...' quoting), so a path with spaces stays one argument.
quote_args() {
  local out="" a
  for a in "$@"; do
    if [[ $a == *\"* && $a == *\'* ]]; then
      echo "error: an argument holds both kinds of quotes, which exec:java cannot pass: $a" >&2
      exit 2
    elif [[ $a == *\"* ]]; then
      out+=" '$a'"
    else
      out+=" \"$a\""
    fi
  done
  printf '%s' "${out# }"
}
