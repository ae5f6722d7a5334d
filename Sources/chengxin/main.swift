import Bench

ChengxinRootCommand.run()
