"""Site quality checks: what readers' browsers, feed readers and auditors see."""
