import App

ChengxinCommand.run()
