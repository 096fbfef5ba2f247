"""The foundation every stage stands on: errors, findings and their codes, paths of a
project, French text helpers, gaps, and the files shipped with convgen. It imports no
stage."""
