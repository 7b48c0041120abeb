@rem Windows stand-in for the POSIX shell builtin `exec` that package.json "start" uses (so npm's stop
@rem signal reaches scripts/start.ts itself instead of a shell that dies of it). cmd.exe looks in the current
@rem folder first, and npm runs scripts from here.
@%*
