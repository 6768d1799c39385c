package dev.taskrunner.core.machine.exec;

/**
 * The exec machine's waiter, a Perl program that {@link WaiterLaunch} hands to {@code perl -} on
 * its stdin. Held here rather than as a resource in the jar: reading a resource opens the runner's
 * class path jar, the node's of ~7,000 entries, which costs an interpreted runner ~25 ms of CPU
 * (more than the waiter's own perl start) and a JDK 25 runner far more.
 */
final class WaiterScript {
  private WaiterScript() {}

  static final String TEXT = """
      # The exec machine's waiter (WaiterLaunch.java starts it as `[setsid] perl - REPORT N PRIV... CMD...`
      # with this script on its stdin). It leads the task's process group, runs CMD in a child (through
      # the N words PRIV..., setpriv, when the task has a user of its own), waits for it, and writes
      # into the file REPORT what really happened, one line:
      #   exit N      the command exited with code N
      #   signal N    the command was killed by signal N
      #   error TEXT  the command could not start (TEXT says why)
      # The runner created REPORT (mode 0600, where the task cannot write) and removes it after.
      # Its own exit mirrors the command's: N, or 128 + N for a signal.
      #
      # No modules: loading POSIX alone costs ~30 ms a task. Constants are Linux's (F_SETFD 2,
      # FD_CLOEXEC 1, ENOENT 2).
      use strict;

      my ($report, $privs, @rest) = @ARGV;
      my @priv = splice(@rest, 0, $privs);
      my @cmd = @rest;

      # The last step before the command, run in the child (by eval) or, with a task user, as that user
      # in a new perl that setpriv starts. On the pipe to the waiter it writes "R" (reached), then the
      # exec error if exec fails; a successful exec closes the pipe (close-on-exec) with nothing more.
      my $exec_step = q{
        my $fd = shift @ARGV;
        open(my $said, '>&=', $fd) or exit 127;
        fcntl($said, 2, 1); # the command must not inherit the pipe
        syswrite($said, 'R');
        exec { $ARGV[0] } @ARGV;
        my $errno = $! + 0;
        syswrite($said, "cannot run $ARGV[0]: $!");
        exit($errno == 2 ? 127 : 126);
      };

      # Without setsid(1) in front, a process group of our own at least: the runner stops the task by it.
      setpgrp(0, 0) if getpgrp() != $$;

      # Signals to the waiter go to the command; the waiter lives on to report. Handlers, not IGNORE:
      # an ignored signal would stay ignored in the command across exec. One the runner was started
      # with ignored (nohup) stays ignored, as it would for the command without a waiter. A signal that
      # reaches the child before it has exec'd (it still has these handlers then) ends it as it would
      # end the command.
      my $waiter = $$;
      my $child = 0;
      my @early;
      for my $name (qw(HUP INT QUIT TERM USR1 USR2)) {
        next if defined $SIG{$name} && $SIG{$name} eq 'IGNORE';
        $SIG{$name} = sub {
          if ($$ != $waiter) {
            $SIG{$name} = 'DEFAULT';
            kill $name, $$;
          } elsif ($child) {
            kill $name, $child;
          } else {
            push @early, $name;
          }
        };
      }

      pipe(my $hear, my $said) or die "waiter: pipe: $!\\n"; # both close-on-exec (perl's default above fd 2)
      my $pid = fork();
      die "waiter: fork: $!\\n" unless defined $pid;
      if ($pid == 0) {
        close $hear;
        if (@priv) {
          fcntl($said, 2, 0); # kept open through setpriv, for the exec step
          exec { $priv[0] } @priv, $^X, "-e", $exec_step, fileno($said), @cmd;
          syswrite($said, "Fcannot run $priv[0]: $!");
          exit 127;
        }
        @ARGV = (fileno($said), @cmd);
        eval $exec_step;
        exit 127;
      }
      $child = $pid;
      close $said;
      kill $_, $child for @early;

      my $heard = '';
      while (1) {
        my $n = sysread($hear, my $chunk, 4096);
        if (!defined $n) {
          next if $! == 4; # EINTR: a forwarded signal
          last;
        }
        last if $n == 0;
        $heard .= $chunk;
      }
      close $hear;
      waitpid($child, 0); # perl retries it when a forwarded signal interrupts it
      my $status = $?;
      my $signal = $status & 127;
      my $code = $status >> 8;

      my $line;
      if ($heard =~ /^[RF](.+)/s) {
        $line = "error $1";
      } elsif ($heard eq '' && @priv && !$signal) {
        $line = "error $priv[0] could not run the command as the task's user (exit $code; its message is in the output)";
      } elsif ($signal) {
        $line = "signal $signal";
      } else {
        $line = "exit $code";
      }
      $line =~ s/\\n/ /g;
      open(my $out, '+<', $report) or die "waiter: cannot open $report: $!\\n";
      truncate($out, 0);
      print $out "$line\\n" or die "waiter: cannot write $report: $!\\n";
      close $out or die "waiter: cannot write $report: $!\\n";
      exit($signal ? 128 + $signal : $code);
      """;
}
