# Sourced by the launchers (not run by itself): when `mvn package` has built the runnable jar
# (target/invertible-rectifier-nets-VERSION-all.jar) and no source is newer than it, run the command from the jar
# (no Maven start-up); otherwise the launcher goes on to mvn.
jar=$(ls target/invertible-rectifier-nets-*-all.jar 2>/dev/null | head -n 1 || true)
if [[ -n "$jar" && -z "$(find src/main pom.xml -newer "$jar" -print -quit)" ]]; then
  exec java -Xmx4g -jar "$jar" "$@"
fi
